package dev.sseetl.schema;

import java.util.Locale;

/** The type a column's cells are converted to. */
public enum ColumnType {
    /** Text, as is (trimmed). Value: String. */
    STRING,
    /** Whole number. Value: Long. */
    INTEGER,
    /** Exact decimal, never float noise. Value: BigDecimal. */
    DECIMAL,
    /** true/false, yes/no, y/n, 1/0, ya/tidak, any case. Value: Boolean. */
    BOOLEAN,
    /** ISO yyyy-MM-dd unless the column declares patterns; Excel date cells. Value: LocalDate. */
    DATE,
    /** ISO date-time unless the column declares patterns; Excel date cells. Value: LocalDateTime. */
    DATETIME,
    /** One of the allowed values, matched case-insensitively, stored canonical. Value: String. */
    ENUM,
    /** An e-mail address. Value: String. */
    EMAIL;

    /** Lower-case name used in JSON and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
