package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    private final List<String> conflictKey;
    private final int batchSize;

    private JdbcTable(DataSource dataSource, String table, Map<String, String> columnMap, List<String> conflictKey,
                      int batchSize) {
        this.dataSource = dataSource;
        this.table = table;
        this.columnMap = Map.copyOf(columnMap);
        this.conflictKey = conflictKey == null ? null : List.copyOf(conflictKey);
        this.batchSize = batchSize;
    }

    /**
     * A target writing to {@code table} (optionally {@code schema.table}) through {@code dataSource}.
     *
     * @throws IllegalArgumentException when the table name is not a plain SQL identifier
     */
    public static JdbcTable of(DataSource dataSource, String table) {
        Objects.requireNonNull(dataSource, "dataSource");
        throw new UnsupportedOperationException("not built yet");
    }

    /** This target with schema column {@code key} written to table column {@code column}. */
    public JdbcTable mapColumn(String key, String column) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** This target with all of these key-to-column mappings added. */
    public JdbcTable mapColumns(Map<String, String> keyToColumn) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * This target upserting on these schema column keys (the table needs a unique constraint or primary key on
     * their columns for PostgreSQL's {@code ON CONFLICT}). No keys: insert only. Default: the schema's unique key.
     */
    public JdbcTable conflictKey(String... keys) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** This target sending at most {@code rows} rows per JDBC batch; greater than 0. */
    public JdbcTable batchSize(int rows) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The table name as given. */
    public String table() {
        return table;
    }

    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public String toString() {
        return "JdbcTable[" + table + "]";
    }
}
