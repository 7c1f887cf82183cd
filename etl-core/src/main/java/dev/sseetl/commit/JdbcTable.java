package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.sql.SqlNames;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.Checkpoint;
import dev.sseetl.spi.CommitTarget;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Commits rows into one JDBC table. Schema column keys map to table columns of the same name unless
 * {@link #mapColumn(String, String)} says otherwise. When a conflict key is known (by default the schema's
 * {@link Schema#uniqueKey()}), rows whose key already exists are updated and the others inserted, with exact
 * counts of each; without one, rows are only inserted.
 * <p>
 * Immutable: every option returns a new target. Table and column names are validated (letters, digits, {@code _},
 * {@code $}, optionally schema-qualified) and quoted, so no name can inject SQL.
 */
public final class JdbcTable implements CommitTarget {
    /** Rows per JDBC batch unless set. */
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    private final DataSource dataSource;
    private final String table;
    private final Map<String, String> columnMap;
    private final Set<String> skipped;
    private final List<String> conflictKey;
    private final int batchSize;
    private final boolean useCopy;

    private JdbcTable(DataSource dataSource, String table, Map<String, String> columnMap, Set<String> skipped,
                      List<String> conflictKey, int batchSize, boolean useCopy) {
        this.dataSource = dataSource;
        this.table = table;
        this.columnMap = Map.copyOf(columnMap);
        this.skipped = Set.copyOf(skipped);
        this.conflictKey = conflictKey == null ? null : List.copyOf(conflictKey);
        this.batchSize = batchSize;
        this.useCopy = useCopy;
    }

    /**
     * A target writing to {@code table} (optionally {@code schema.table}) through {@code dataSource}. The name is
     * matched as given, then the way the database folds unquoted names (upper case on H2, lower case on PostgreSQL).
     *
     * @throws IllegalArgumentException when the table name is not a plain SQL identifier
     */
    public static JdbcTable of(DataSource dataSource, String table) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcTable(dataSource, SqlNames.requireTableName(table), Map.of(), Set.of(), null,
                DEFAULT_BATCH_SIZE, true);
    }

    /** This target with schema column {@code key} written to table column {@code column}. */
    public JdbcTable mapColumn(String key, String column) {
        return mapColumns(Map.of(Objects.requireNonNull(key, "key"), Objects.requireNonNull(column, "column")));
    }

    /** This target with all of these key-to-column mappings added. */
    public JdbcTable mapColumns(Map<String, String> keyToColumn) {
        Map<String, String> map = new LinkedHashMap<>(columnMap);
        keyToColumn.forEach((key, column) -> map.put(key, SqlNames.requireIdentifier(column, "column '" + key + "'")));
        return new JdbcTable(dataSource, table, map, skipped, conflictKey, batchSize, useCopy);
    }

    /** This target leaving the schema columns with these keys out of the table (e.g. a confirmation field). */
    public JdbcTable skipColumns(String... keys) {
        Set<String> set = new LinkedHashSet<>(skipped);
        set.addAll(List.of(keys));
        return new JdbcTable(dataSource, table, columnMap, set, conflictKey, batchSize, useCopy);
    }

    /**
     * This target upserting on these schema column keys (the table needs a unique constraint or primary key on
     * their columns for PostgreSQL's {@code ON CONFLICT}). No keys: insert only. Default: the schema's unique key.
     */
    public JdbcTable conflictKey(String... keys) {
        return new JdbcTable(dataSource, table, columnMap, skipped, List.of(keys), batchSize, useCopy);
    }

    /** This target sending at most {@code rows} rows per JDBC batch; greater than 0. */
    public JdbcTable batchSize(int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("batchSize must be greater than 0, got " + rows);
        }
        return new JdbcTable(dataSource, table, columnMap, skipped, conflictKey, rows, useCopy);
    }

    /**
     * This target with PostgreSQL's {@code COPY} fast path on (the default) or off (plain JDBC batches). Other
     * databases always use JDBC batches.
     */
    public JdbcTable useCopy(boolean enabled) {
        return new JdbcTable(dataSource, table, columnMap, skipped, conflictKey, batchSize, enabled);
    }

    /** The table name as given. */
    public String table() {
        return table;
    }

    /**
     * Takes a connection, checks the table and its columns against the schema (failing with a message that says
     * what to add or map) and starts the transaction the mode asks for.
     */
    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(mode, "mode");
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            TableShape shape = TableShape.resolve(connection, table, schema, columnMap, skipped, conflictKey);
            CommitCheckpoints.ensureTable(connection);
            return new JdbcSession(connection, mode, shape, batchSize, useCopy);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new ImportException(ErrorCode.INTERNAL, "Could not start writing to table '" + table + "': "
                    + DatabaseMessages.clean(e), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * What earlier attempts of the import's commit into this table's database committed, from the checkpoint rows in
     * table {@code etl_commit_checkpoint} there.
     */
    @Override
    public Checkpoint committed(String importId) {
        try (Connection connection = dataSource.getConnection()) {
            CommitCheckpoints.ensureTable(connection);
            return CommitCheckpoints.read(connection, importId);
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.INTERNAL, "Could not read the commit checkpoints in the database of "
                    + "table '" + table + "': " + DatabaseMessages.clean(e), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the open failure is what matters
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcTable[" + table + "]";
    }
}
