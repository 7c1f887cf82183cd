package dev.sseetl.commit;

import java.util.regex.Pattern;

/** Validates and quotes SQL identifiers, so no table or column name can carry SQL. */
final class SqlNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");

    private SqlNames() {
    }

    /** The name when it is a plain identifier, optionally {@code schema.name}; IllegalArgumentException otherwise. */
    static String requireTableName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("table name must not be null");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("table name must be 'table' or 'schema.table', got '" + name + "'");
        }
        for (String part : parts) {
            requireIdentifier(part, "table name '" + name + "'");
        }
        return name;
    }

    /** The name when it is a plain identifier; IllegalArgumentException naming {@code what} otherwise. */
    static String requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain SQL identifier (letters, digits, _ and $, "
                    + "starting with a letter or _), got '" + name + "'");
        }
        return name;
    }

    /** Quotes a name exactly as the database stores it (quote characters inside are doubled). */
    static String quote(String storedName, String quote) {
        if (quote == null || quote.isBlank()) {
            return requireIdentifier(storedName, "identifier");
        }
        return quote + storedName.replace(quote, quote + quote) + quote;
    }
}
