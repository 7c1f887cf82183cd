package dev.sseetl.jdbc;

import dev.sseetl.ImportException;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.stage.RowCodec;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link StagingStore} in PostgreSQL, shared by every node. Table {@code <prefix>staging} holds one line per import
 * naming its current attempt and, once finished, its counts; each attempt's rows are a table of their own,
 * {@code <prefix>rows_<attempt in hex>} (source row number, valid flag and the engine's row encoding as {@code bytea}),
 * created by the attempt's writer and dropped with {@code DROP TABLE} when the import is deleted or staged again. So
 * deleting an import gives its space back to the operating system at once, where deleting rows from one shared table
 * left dead rows for (auto)vacuum and let the table grow with every large import. A row can still be updated in place.
 *
 * <p>A {@link Writer} creates its table and sends its rows with {@code COPY} inside one transaction on a connection of
 * its own, then builds the indexes and commits in {@link Writer#finish()}, so rows appear all at once and a writer that
 * is closed early (or whose node dies) leaves no table behind. Every row also carries its rank among the rows of its
 * kind (valid or invalid), so a page of any filter is one index range scan ({@code (valid, rank)}), however deep.
 *
 * <p>Edits update a row in place ({@code UPDATE ... WHERE ordinal = ?}) and removals delete it, in one transaction
 * with the header's counts, so every node sees them at once. Once a row changed validity or was removed the ranks no
 * longer hold ({@code reshaped}), and pages of that attempt are found by ordinal with {@code OFFSET} instead: deep
 * pages of an edited import cost a scan up to the page, about 100 ms per 1,000,000 rows skipped.
 * Cursors stream with a server-side cursor (autocommit off, a fetch size), holding one connection until closed; while
 * a cursor is open, deleting its import waits for it (at most {@value #DROP_WAIT_SECONDS} s, after which the rows are
 * forgotten at once and the table is dropped when a store is next created).
 */
public final class JdbcStagingStore implements StagingStore {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int FETCH = 500;
    static final int DROP_WAIT_SECONDS = 30;
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Logger log = LoggerFactory.getLogger(JdbcStagingStore.class);

    private final DataSource dataSource;
    private final String headers;
    private final String rowTablePrefix;

    /** A store in table {@code etl_staging} and tables {@code etl_rows_*}. */
    public JdbcStagingStore(DataSource dataSource) {
        this(dataSource, Tables.DEFAULT_PREFIX);
    }

    /**
     * A store in table {@code <tablePrefix>staging} (created when missing) and one table {@code <tablePrefix>rows_*}
     * per staged attempt. Row tables an earlier process could not drop are dropped now.
     *
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public JdbcStagingStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        String prefix = Tables.prefix(tablePrefix);
        this.headers = prefix + "staging";
        this.rowTablePrefix = prefix + "rows_";
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + headers + " (import_id VARCHAR(64) PRIMARY KEY, attempt BIGINT NOT NULL, "
                        + "finished BOOLEAN NOT NULL, total BIGINT NOT NULL, valid BIGINT NOT NULL, "
                        + "invalid BIGINT NOT NULL)",
                "ALTER TABLE " + headers + " ADD COLUMN IF NOT EXISTS removed BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE " + headers + " ADD COLUMN IF NOT EXISTS reshaped BOOLEAN NOT NULL DEFAULT FALSE");
        dropOrphanedRowTables();
    }

    /** The table of one attempt's rows. */
    private String rowTable(long attempt) {
        return rowTablePrefix + String.format("%016x", attempt);
    }

    @Override
    public Writer open(String importId, int columnCount) {
        long attempt = ThreadLocalRandom.current().nextLong();
        Tables.inTransaction(dataSource, "start staging import " + importId, c -> {
            deleteAll(c, importId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + headers
                    + " (import_id, attempt, finished, total, valid, invalid) VALUES (?, ?, FALSE, 0, 0, 0)")) {
                ps.setString(1, importId);
                ps.setLong(2, attempt);
                ps.executeUpdate();
            }
        });
        return new RowWriter(importId, attempt);
    }

    @Override
    public Summary summary(String importId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT total, valid, invalid, removed FROM " + headers + " WHERE import_id = ? AND finished")) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                        : Summary.EMPTY;
            }
        } catch (SQLException e) {
            throw Tables.failure("count the staged rows of import " + importId, e);
        }
    }

    @Override
    public List<StagedRow> page(String importId, RowFilter filter, int page, int size) {
        long from = (page - 1L) * size;
        try (Connection c = dataSource.getConnection()) {
            Attempt attempt = finishedAttempt(c, importId);
            if (attempt == null) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement(select(attempt, filter, true) + " LIMIT ?")) {
                int i = bind(ps, filter);
                ps.setLong(i++, from);
                ps.setInt(i, size);
                try (ResultSet rs = ps.executeQuery()) {
                    List<StagedRow> rows = new ArrayList<>(Math.min(size, 500));
                    while (rs.next()) {
                        rows.add(RowCodec.fromBytes(rs.getBytes(1)));
                    }
                    return rows;
                }
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                    return List.of(); // deleted or staged again between the two statements
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Tables.failure("read the staged rows of import " + importId, e);
        }
    }

    @Override
    public Cursor rows(String importId, RowFilter filter) {
        try {
            return new RowCursor(importId, filter);
        } catch (SQLException e) {
            throw Tables.failure("read the staged rows of import " + importId, e);
        }
    }

    @Override
    public void delete(String importId) {
        Tables.inTransaction(dataSource, "delete the staged rows of import " + importId, c -> deleteAll(c, importId));
    }

    /**
     * Deletes the header, then drops the attempt's table in the same transaction. A writer finishing at that moment
     * holds the header's lock, so this waits for the writer's commit and then drops the table that commit made visible;
     * an unfinished writer's table is invisible here and goes with the writer's rolled-back transaction. Dropping waits
     * for open cursors of the attempt for at most {@value #DROP_WAIT_SECONDS} s; then the header's deletion is
     * committed alone (the rows are unreachable) and the table is left to {@link #dropOrphanedRowTables()}.
     */
    private void deleteAll(Connection c, String importId) throws SQLException {
        List<Long> attempts = new ArrayList<>(1);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + headers + " WHERE import_id = ? RETURNING attempt")) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attempts.add(rs.getLong(1));
                }
            }
        }
        for (long attempt : attempts) {
            dropRowTable(c, rowTable(attempt));
        }
    }

    private static void dropRowTable(Connection c, String table) throws SQLException {
        Savepoint beforeDrop = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + DROP_WAIT_SECONDS + "s'");
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("SET LOCAL lock_timeout = 0");
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeDrop);
            log.warn("Staged rows table {} is still being read after {} s; it is dropped when a staging store is next "
                    + "created", table, DROP_WAIT_SECONDS);
        }
    }

    /** Drops row tables whose attempt has no header (left by a delete that could not wait for a reader). */
    private void dropOrphanedRowTables() {
        List<String> orphans = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT t.relname FROM pg_class t WHERE t.relkind = 'r' AND t.relnamespace = current_schema()::regnamespace "
                        + "AND starts_with(t.relname, ?) AND NOT EXISTS (SELECT 1 FROM " + headers
                        + " h WHERE ? || lpad(to_hex(h.attempt), 16, '0') = t.relname)")) {
            ps.setString(1, rowTablePrefix);
            ps.setString(2, rowTablePrefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orphans.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw Tables.failure("find the staged rows of deleted imports", e);
        }
        for (String table : orphans) {
            Tables.inTransaction(dataSource, "drop the staged rows table " + table, c -> dropRowTable(c, table));
        }
    }

    /** A finished attempt: its id and whether edits made its ranks stale. */
    private record Attempt(long id, boolean reshaped) {
    }

    /** The attempt whose rows are visible: the finished one, if any (null); {@code lock} locks its header. */
    private Attempt finishedAttempt(Connection c, String importId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attempt, reshaped FROM " + headers
                + " WHERE import_id = ? AND finished" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Attempt(rs.getLong(1), rs.getBoolean(2)) : null;
            }
        }
    }

    private Attempt finishedAttempt(Connection c, String importId) throws SQLException {
        return finishedAttempt(c, importId, false);
    }

    /**
     * Rows of the attempt passing the filter, in source order; {@code from} skips by ordinal or rank, or, once the
     * attempt is reshaped, with {@code OFFSET}.
     */
    private String select(Attempt attempt, RowFilter filter, boolean from) {
        String where = filter == RowFilter.ALL ? " WHERE TRUE" : " WHERE valid = ?";
        if (attempt.reshaped) {
            return "SELECT data FROM " + rowTable(attempt.id) + where + " ORDER BY ordinal" + (from ? " OFFSET ?" : "");
        }
        String position = filter == RowFilter.ALL ? "ordinal" : "rank";
        return "SELECT data FROM " + rowTable(attempt.id) + where
                + (from ? " AND " + position + " >= ?" : "") + " ORDER BY " + position;
    }

    /** Finds a row by source row number: row numbers ascend with ordinals and are at least ordinal + 2. */
    private String locate(Attempt attempt) {
        return "SELECT ordinal, valid, data FROM " + rowTable(attempt.id)
                + " WHERE ordinal <= ? - 2 AND row_number = ? ORDER BY ordinal DESC LIMIT 1";
    }

    @Override
    public Optional<StagedRow> find(String importId, long row) {
        try (Connection c = dataSource.getConnection()) {
            Attempt attempt = finishedAttempt(c, importId);
            if (attempt == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement(locate(attempt))) {
                ps.setLong(1, row);
                ps.setLong(2, row);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RowCodec.fromBytes(rs.getBytes(3))) : Optional.empty();
                }
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                    return Optional.empty();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Tables.failure("find a staged row of import " + importId, e);
        }
    }

    @Override
    public int update(String importId, List<StagedRow> rows) {
        int[] changed = {0};
        Tables.inTransaction(dataSource, "edit the staged rows of import " + importId, c -> {
            Attempt attempt = finishedAttempt(c, importId, true);
            if (attempt == null) {
                return;
            }
            long invalidDelta = 0;
            try (PreparedStatement find = c.prepareStatement(locate(attempt));
                 PreparedStatement write = c.prepareStatement("UPDATE " + rowTable(attempt.id)
                         + " SET valid = ?, data = ? WHERE ordinal = ?")) {
                for (StagedRow row : rows) {
                    find.setLong(1, row.row());
                    find.setLong(2, row.row());
                    try (ResultSet rs = find.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                        write.setBoolean(1, row.valid());
                        write.setBytes(2, RowCodec.toBytes(row));
                        write.setLong(3, rs.getLong(1));
                        write.addBatch();
                        invalidDelta += (row.valid() ? 0 : 1) - (rs.getBoolean(2) ? 0 : 1);
                        changed[0]++;
                    }
                }
                write.executeBatch();
            }
            changeCounts(c, importId, 0, invalidDelta);
        });
        return changed[0];
    }

    @Override
    public boolean remove(String importId, long row) {
        boolean[] removed = {false};
        Tables.inTransaction(dataSource, "remove a staged row of import " + importId, c -> {
            Attempt attempt = finishedAttempt(c, importId, true);
            if (attempt == null) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + rowTable(attempt.id)
                    + " WHERE ordinal = (SELECT ordinal FROM (" + locate(attempt) + ") found) RETURNING valid")) {
                ps.setLong(1, row);
                ps.setLong(2, row);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        removed[0] = true;
                        changeCounts(c, importId, 1, rs.getBoolean(1) ? 0 : -1);
                    }
                }
            }
        });
        return removed[0];
    }

    /** Moves the header's counts after edits; any change of validity or removal makes the ranks stale. */
    private void changeCounts(Connection c, String importId, long removed, long invalidDelta) throws SQLException {
        if (removed == 0 && invalidDelta == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + headers + " SET total = total - ?, "
                + "invalid = invalid + ?, valid = total - ? - (invalid + ?), removed = removed + ?, reshaped = TRUE "
                + "WHERE import_id = ?")) {
            ps.setLong(1, removed);
            ps.setLong(2, invalidDelta);
            ps.setLong(3, removed);
            ps.setLong(4, invalidDelta);
            ps.setLong(5, removed);
            ps.setString(6, importId);
            ps.executeUpdate();
        }
    }

    private static int bind(PreparedStatement ps, RowFilter filter) throws SQLException {
        if (filter == RowFilter.ALL) {
            return 1;
        }
        ps.setBoolean(1, filter == RowFilter.VALID);
        return 2;
    }

    /**
     * One attempt's rows, sent with {@code COPY ... FROM STDIN} (text format, the encoded row as hex {@code bytea}) in
     * one transaction that {@link #finish()} commits.
     */
    private final class RowWriter implements Writer {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final String importId;
        private final long attempt;
        private final Connection connection;
        private final CopyIn copy;
        private final StringBuilder line = new StringBuilder(256);
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        private final String table;
        private long total;
        private long valid;
        private boolean done;

        RowWriter(String importId, long attempt) {
            this.importId = importId;
            this.attempt = attempt;
            this.table = rowTable(attempt);
            try {
                connection = dataSource.getConnection();
                try {
                    connection.setAutoCommit(false);
                    try (Statement st = connection.createStatement()) {
                        st.execute("CREATE TABLE " + table + " (ordinal BIGINT NOT NULL, row_number BIGINT NOT NULL, "
                                + "valid BOOLEAN NOT NULL, rank BIGINT NOT NULL, data BYTEA NOT NULL)");
                    }
                    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                            + " (ordinal, row_number, valid, rank, data) FROM STDIN");
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            } catch (SQLException e) {
                throw Tables.failure("start staging import " + importId, e);
            }
        }

        @Override
        public void append(StagedRow row) {
            boolean rowValid = row.valid();
            line.setLength(0);
            line.append(total).append('\t').append(row.row()).append('\t')
                    .append(rowValid ? 't' : 'f').append('\t').append(rowValid ? valid : total - valid)
                    .append("\t\\\\x");
            for (byte b : RowCodec.toBytes(row)) {
                line.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            line.append('\n');
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            buffer.write(bytes, 0, bytes.length);
            if (buffer.size() >= BUFFER_BYTES) {
                flush();
            }
            total++;
            if (rowValid) {
                valid++;
            }
        }

        private void flush() {
            if (buffer.size() > 0) {
                try {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                } catch (SQLException e) {
                    throw Tables.failure("stage the rows of import " + importId, e);
                }
                buffer.reset();
            }
        }

        @Override
        public void finish() {
            flush();
            try {
                copy.endCopy();
                try (Statement st = connection.createStatement()) {
                    // built once after the rows are in: faster than keeping them up to date row by row
                    st.execute("ALTER TABLE " + table + " ADD PRIMARY KEY (ordinal)");
                    st.execute("CREATE INDEX ON " + table + " (valid, rank)");
                }
                int updated;
                try (PreparedStatement ps = connection.prepareStatement("UPDATE " + headers
                        + " SET finished = TRUE, total = ?, valid = ?, invalid = ? "
                        + "WHERE import_id = ? AND attempt = ? AND NOT finished")) {
                    ps.setLong(1, total);
                    ps.setLong(2, valid);
                    ps.setLong(3, total - valid);
                    ps.setString(4, importId);
                    ps.setLong(5, attempt);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    connection.rollback();
                    done = true;
                    throw ImportException.conflict("The staged rows of import " + importId
                            + " were deleted while the file was being read; upload the file again.");
                }
                connection.commit();
                done = true;
            } catch (SQLException e) {
                throw Tables.failure("finish staging import " + importId, e);
            }
        }

        @Override
        public void close() {
            try (Connection c = connection) {
                if (!done) {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                    c.rollback();
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + headers
                            + " WHERE import_id = ? AND attempt = ? AND NOT finished")) {
                        ps.setString(1, importId);
                        ps.setLong(2, attempt);
                        ps.executeUpdate();
                    }
                    c.commit();
                }
            } catch (SQLException e) {
                throw Tables.failure("stop staging import " + importId, e);
            }
        }
    }

    /** A server-side cursor in a read-only transaction of its own. */
    private final class RowCursor implements Cursor {
        private final Connection connection;
        private ResultSet results;
        private StagedRow next;
        private boolean closed;

        /** Holds the attempt's table open (a lock that makes deleting wait) until the cursor is closed. */
        RowCursor(String importId, RowFilter filter) throws SQLException {
            connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                Attempt attempt = finishedAttempt(connection, importId);
                if (attempt == null) {
                    close();
                    return;
                }
                PreparedStatement statement = connection.prepareStatement(select(attempt, filter, false));
                statement.setFetchSize(FETCH);
                bind(statement, filter);
                results = statement.executeQuery();
            } catch (SQLException e) {
                if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                    close(); // deleted or staged again between the two statements: nothing to read
                    return;
                }
                release();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !closed) {
                try {
                    if (results.next()) {
                        next = RowCodec.fromBytes(results.getBytes(1));
                    } else {
                        close();
                    }
                } catch (SQLException e) {
                    close();
                    throw Tables.failure("read the staged rows", e);
                }
            }
            return next != null;
        }

        @Override
        public StagedRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            StagedRow row = next;
            next = null;
            return row;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release();
            }
        }

        private void release() {
            try (Connection c = connection) {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // closing the connection is all that is left to do
            }
        }
    }
}
