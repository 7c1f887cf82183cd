package dev.sseetl.schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Canonical text of staged values, shared by the preview JSON, templates and error reports. */
public final class ValueFormat {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private ValueFormat() {
    }

    /**
     * The canonical text of a staged value: null for null; ISO-8601 for LocalDate ({@code 2024-03-01}) and
     * LocalDateTime ({@code 2024-03-01T09:30}, seconds only when not zero, fractions only when not zero);
     * {@link BigDecimal#toPlainString()} for decimals (never exponent notation); {@code true}/{@code false} for
     * booleans; {@code toString()} for everything else (Long, String).
     */
    public static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            if (t.getNano() != 0) {
                return t.toString();
            }
            return (t.getSecond() == 0 ? MINUTES : SECONDS).format(t);
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        return value.toString();
    }
}
