package dev.sseetl.commit;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.sql.SqlNames;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.ColumnType;
import dev.sseetl.schema.Schema;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The target table as the database knows it: its exact (quoted) name, the columns written with their schema value
 * positions and types, the conflict key and the database's dialect. Resolved once per commit from the JDBC metadata,
 * so names match the way the database stores them (unquoted names fold to upper case on H2, lower case on
 * PostgreSQL) and a missing table or column fails before any row is written.
 */
final class TableShape {
    /** The database families with their own fast or exact paths. */
    enum Dialect { POSTGRESQL, H2, OTHER }

    /**
     * One written column.
     *
     * @param key        the schema column key
     * @param valueIndex position of the value in {@link dev.sseetl.StagedRow#values()}
     * @param sqlName    the table column's quoted name
     * @param type       the schema column's type (decides the JDBC binding)
     */
    record TargetColumn(String key, int valueIndex, String sqlName, ColumnType type) {
    }

    final String sqlTable;
    final List<TargetColumn> columns;
    /** Positions in {@link #columns} of the conflict key; empty = insert only. */
    final int[] keyPositions;
    final Dialect dialect;

    private TableShape(String sqlTable, List<TargetColumn> columns, int[] keyPositions, Dialect dialect) {
        this.sqlTable = sqlTable;
        this.columns = List.copyOf(columns);
        this.keyPositions = keyPositions;
        this.dialect = dialect;
    }

    boolean hasKey() {
        return keyPositions.length > 0;
    }

    /** Comma-separated quoted column names, in write order. */
    String columnList() {
        StringBuilder sb = new StringBuilder();
        for (TargetColumn c : columns) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.sqlName());
        }
        return sb.toString();
    }

    static TableShape resolve(Connection connection, String table, Schema schema, Map<String, String> columnMap,
                              Set<String> skipped, List<String> conflictKey) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String quote = meta.getIdentifierQuoteString();
        String product = meta.getDatabaseProductName();
        Dialect dialect = product == null ? Dialect.OTHER
                : product.toLowerCase(Locale.ROOT).contains("postgres") ? Dialect.POSTGRESQL
                : product.equalsIgnoreCase("H2") ? Dialect.H2 : Dialect.OTHER;

        String[] found = SqlNames.findTable(connection, table);
        if (found == null) {
            throw new ImportException(ErrorCode.INTERNAL, "The target table '" + table + "' does not exist"
                    + (table.indexOf('.') < 0 ? " in schema '" + connection.getSchema() + "'" : "")
                    + ". Create it, or name it as schema.table.");
        }
        String sqlTable = SqlNames.quoteTable(found, quote);
        List<String> tableColumns = SqlNames.columnsOf(connection, found);

        List<TargetColumn> columns = new ArrayList<>();
        List<Column> schemaColumns = schema.columns();
        for (int i = 0; i < schemaColumns.size(); i++) {
            Column c = schemaColumns.get(i);
            if (skipped.contains(c.key())) {
                continue;
            }
            String wanted = columnMap.getOrDefault(c.key(), c.key());
            String stored = SqlNames.matchColumn(tableColumns, wanted);
            if (stored == null) {
                throw new ImportException(ErrorCode.INTERNAL, "The target table '" + table + "' has no column '"
                        + wanted + "' for the schema column '" + c.key() + "'. Add the column, map the key with "
                        + "JdbcTable.mapColumn(\"" + c.key() + "\", \"<column>\"), or leave it out with "
                        + "JdbcTable.skipColumns(\"" + c.key() + "\").");
            }
            columns.add(new TargetColumn(c.key(), i, SqlNames.quote(stored, quote), c.type()));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("JdbcTable " + table + ": every column of schema '" + schema.name() + "' is skipped");
        }

        List<String> keys = conflictKey == null ? schema.uniqueKey() : conflictKey;
        int[] keyPositions = new int[keys.size()];
        Set<String> distinct = new LinkedHashSet<>(keys);
        if (distinct.size() != keys.size()) {
            throw new IllegalArgumentException("JdbcTable " + table + ": conflict key " + keys + " repeats a column");
        }
        for (int k = 0; k < keys.size(); k++) {
            int pos = -1;
            for (int j = 0; j < columns.size(); j++) {
                if (columns.get(j).key().equals(keys.get(k))) {
                    pos = j;
                }
            }
            if (pos < 0) {
                throw new IllegalArgumentException("JdbcTable " + table + ": conflict key column '" + keys.get(k)
                        + "' is not a written column of schema '" + schema.name() + "'");
            }
            keyPositions[k] = pos;
        }
        return new TableShape(sqlTable, columns, keyPositions, dialect);
    }
}
