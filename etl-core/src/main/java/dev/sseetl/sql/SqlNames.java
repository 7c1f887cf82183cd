package dev.sseetl.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates, finds and quotes SQL identifiers, so no table or column name can carry SQL, for every part of the engine
 * that names a table ({@code JdbcTable}, {@code JdbcLookup}). Not API.
 */
public final class SqlNames {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");

    private SqlNames() {
    }

    /** The name when it is a plain identifier, optionally {@code schema.name}; IllegalArgumentException otherwise. */
    public static String requireTableName(String name) {
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
    public static String requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain SQL identifier (letters, digits, _ and $, "
                    + "starting with a letter or _), got '" + name + "'");
        }
        return name;
    }

    /** Quotes a name exactly as the database stores it (quote characters inside are doubled). */
    public static String quote(String storedName, String quote) {
        if (quote == null || quote.isBlank()) {
            return requireIdentifier(storedName, "identifier");
        }
        return quote + storedName.replace(quote, quote + quote) + quote;
    }

    /**
     * {schema, name} of a table as stored, for a name given as {@code table} or {@code schema.table}: tried as
     * given, then in upper and lower case (how unquoted names fold on H2 and PostgreSQL); null when absent.
     */
    public static String[] findTable(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        int dot = table.indexOf('.');
        String givenSchema = dot < 0 ? null : table.substring(0, dot);
        String givenName = dot < 0 ? table : table.substring(dot + 1);
        List<String> schemas = new ArrayList<>();
        if (givenSchema == null) {
            schemas.add(connection.getSchema());
        } else {
            schemas.addAll(spellings(givenSchema));
        }
        for (String s : schemas) {
            for (String n : spellings(givenName)) {
                try (ResultSet rs = meta.getTables(null, searchPattern(s, meta), searchPattern(n, meta), null)) {
                    while (rs.next()) {
                        String foundName = rs.getString("TABLE_NAME");
                        String foundSchema = rs.getString("TABLE_SCHEM");
                        if (n.equals(foundName) && (s == null || s.equals(foundSchema))) {
                            return new String[] {foundSchema, foundName};
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The quoted, schema-qualified name of a table found by {@link #findTable}. */
    public static String quoteTable(String[] found, String quote) {
        return (found[0] == null ? "" : quote(found[0], quote) + ".") + quote(found[1], quote);
    }

    /** The stored names of the columns of a table found by {@link #findTable}, in table order. */
    public static List<String> columnsOf(Connection connection, String[] found) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, searchPattern(found[0], meta), searchPattern(found[1], meta), "%")) {
            while (rs.next()) {
                if (found[1].equals(rs.getString("TABLE_NAME"))) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    /**
     * The stored column name {@code wanted} means: itself, else the one column equal ignoring case; null when none
     * or when two columns differ only in case.
     */
    public static String matchColumn(List<String> tableColumns, String wanted) {
        if (tableColumns.contains(wanted)) {
            return wanted;
        }
        String hit = null;
        for (String c : tableColumns) {
            if (c.equalsIgnoreCase(wanted)) {
                if (hit != null) {
                    return null; // ambiguous: two columns differ only in case
                }
                hit = c;
            }
        }
        return hit;
    }

    private static List<String> spellings(String name) {
        Set<String> s = new LinkedHashSet<>();
        s.add(name);
        s.add(name.toUpperCase(Locale.ROOT));
        s.add(name.toLowerCase(Locale.ROOT));
        return new ArrayList<>(s);
    }

    /** A metadata search pattern matching exactly {@code name} ({@code _} and {@code %} escaped). */
    private static String searchPattern(String name, DatabaseMetaData meta) throws SQLException {
        if (name == null) {
            return null;
        }
        String esc = meta.getSearchStringEscape();
        if (esc == null || esc.isEmpty()) {
            return name;
        }
        return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
    }
}
