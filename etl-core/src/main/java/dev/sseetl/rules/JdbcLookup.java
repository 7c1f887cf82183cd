package dev.sseetl.rules;

import dev.sseetl.sql.SqlNames;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ValueLookup} that knows the values present in one column of a JDBC table: one
 * {@code SELECT DISTINCT column FROM table WHERE column IN (?, ...)} per batch ({@code = ANY(?)} with one array
 * parameter on PostgreSQL), never one query per row. Table and column names are validated as plain SQL identifiers
 * and matched the way {@link dev.sseetl.commit.JdbcTable} matches them (as given, then as the database folds
 * unquoted names), then quoted, so no name can carry SQL.
 * <p>
 * Values compare as the database compares them (text case-sensitively on most databases); decimals compare by
 * value ({@code 1.50} is {@code 1.5}). Immutable and thread-safe; the names are resolved on first use.
 */
public final class JdbcLookup implements ValueLookup {
    /** PostgreSQL array element types for the value types that bind as one array. */
    private static final Map<Class<?>, String> PG_ARRAY_TYPES = Map.of(String.class, "text", Long.class, "int8",
            BigDecimal.class, "numeric", Boolean.class, "bool");

    private final DataSource dataSource;
    private final String table;
    private final String column;
    private final int batchSize;
    private volatile Resolved resolved;

    private record Resolved(String sqlTable, String sqlColumn, boolean postgres) {
    }

    private JdbcLookup(DataSource dataSource, String table, String column, int batchSize) {
        this.dataSource = dataSource;
        this.table = table;
        this.column = column;
        this.batchSize = batchSize;
    }

    /**
     * A look-up of the values in {@code column} of {@code table} (optionally {@code schema.table}).
     *
     * @throws IllegalArgumentException when a name is not a plain SQL identifier
     */
    public static JdbcLookup of(DataSource dataSource, String table, String column) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcLookup(dataSource, SqlNames.requireTableName(table),
                SqlNames.requireIdentifier(column, "look-up column of table '" + table + "'"), DEFAULT_BATCH_SIZE);
    }

    /** This look-up asking for at most {@code values} values per query; greater than 0 (Oracle: at most 1,000). */
    public JdbcLookup batchSize(int values) {
        if (values <= 0) {
            throw new IllegalArgumentException("batchSize must be greater than 0, got " + values);
        }
        return new JdbcLookup(dataSource, table, column, values);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** The table name as given. */
    public String table() {
        return table;
    }

    /** The column name as given. */
    public String column() {
        return column;
    }

    /**
     * Checks now that the table and column exist, e.g. when a schema file is loaded.
     *
     * @throws IllegalStateException naming the table or column that is missing, or the database error
     */
    public JdbcLookup verify() {
        try (Connection connection = dataSource.getConnection()) {
            resolve(connection);
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the look-up table '" + table + "': " + e.getMessage(), e);
        }
    }

    /**
     * The known subset of {@code values}: one query per {@link #batchSize()} values of one type.
     *
     * @throws IllegalStateException when the table or column is missing or the query fails
     */
    @Override
    public Set<Object> known(Collection<Object> values) {
        Set<Object> known = new HashSet<>();
        if (values.isEmpty()) {
            return known;
        }
        Map<Class<?>, List<Object>> byType = new LinkedHashMap<>();
        for (Object v : values) {
            byType.computeIfAbsent(Objects.requireNonNull(v, "values must not contain null").getClass(),
                    t -> new ArrayList<>()).add(v);
        }
        try (Connection connection = dataSource.getConnection()) {
            Resolved names = resolve(connection);
            for (Map.Entry<Class<?>, List<Object>> group : byType.entrySet()) {
                List<Object> all = group.getValue();
                for (int from = 0; from < all.size(); from += batchSize) {
                    List<Object> chunk = all.subList(from, Math.min(all.size(), from + batchSize));
                    query(connection, names, group.getKey(), chunk, known);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The look-up in " + table + "." + column + " failed: " + e.getMessage(), e);
        }
        return known;
    }

    private void query(Connection connection, Resolved names, Class<?> type, List<Object> values, Set<Object> known)
            throws SQLException {
        String arrayType = names.postgres() ? PG_ARRAY_TYPES.get(type) : null;
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ").append(names.sqlColumn()).append(" FROM ")
                .append(names.sqlTable()).append(" WHERE ").append(names.sqlColumn());
        if (arrayType != null) {
            sql.append(" = ANY(?)");
        } else {
            sql.append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
        }
        Map<Object, List<Object>> byKey = new LinkedHashMap<>();
        for (Object v : values) {
            byKey.computeIfAbsent(key(v), k -> new ArrayList<>(1)).add(v); // 1.5 and 1.50 are both known
        }
        try (PreparedStatement st = connection.prepareStatement(sql.toString())) {
            if (arrayType != null) {
                Array array = connection.createArrayOf(arrayType, values.toArray());
                st.setArray(1, array);
            } else {
                for (int i = 0; i < values.size(); i++) {
                    st.setObject(i + 1, values.get(i));
                }
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Object found = rs.getObject(1, type);
                    List<Object> asked = found == null ? null : byKey.get(key(found));
                    if (asked != null) {
                        known.addAll(asked);
                    }
                }
            }
        }
    }

    /** What two values share when the database calls them equal: decimals without trailing zeros. */
    private static Object key(Object value) {
        return value instanceof BigDecimal d ? d.stripTrailingZeros() : value;
    }

    private Resolved resolve(Connection connection) throws SQLException {
        Resolved names = resolved;
        if (names != null) {
            return names;
        }
        DatabaseMetaData meta = connection.getMetaData();
        String[] found = SqlNames.findTable(connection, table);
        if (found == null) {
            throw new IllegalStateException("The look-up table '" + table + "' does not exist"
                    + (table.indexOf('.') < 0 ? " in schema '" + connection.getSchema() + "'" : "")
                    + ". Create it, or name it as schema.table.");
        }
        List<String> columns = SqlNames.columnsOf(connection, found);
        String stored = SqlNames.matchColumn(columns, column);
        if (stored == null) {
            throw new IllegalStateException("The look-up table '" + table + "' has no column '" + column
                    + "'; it has: " + String.join(", ", columns) + ".");
        }
        String quote = meta.getIdentifierQuoteString();
        String product = meta.getDatabaseProductName();
        names = new Resolved(SqlNames.quoteTable(found, quote), SqlNames.quote(stored, quote),
                product != null && product.toLowerCase(Locale.ROOT).contains("postgres"));
        resolved = names;
        return names;
    }

    @Override
    public String toString() {
        return "JdbcLookup[" + table + "." + column + "]";
    }
}
