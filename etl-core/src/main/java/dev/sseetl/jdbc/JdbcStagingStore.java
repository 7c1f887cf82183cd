package dev.sseetl.jdbc;

import dev.sseetl.ImportException;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.stage.RowCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link StagingStore} in PostgreSQL, shared by every node: each staged row is one row of table
 * {@code <prefix>staged_row} (its source row number, valid flag and the engine's row encoding as {@code bytea}), and
 * table {@code <prefix>staging} holds one line per import naming its current attempt and, once finished, its counts.
 *
 * <p>A {@link Writer} sends its rows with {@code COPY} inside one transaction on a connection of its own, committed by
 * {@link Writer#finish()}, so rows appear all at once and a writer that is closed early (or whose node dies) leaves
 * nothing behind. Every row also carries its rank among the rows of its kind (valid or invalid), so a page of any
 * filter is one index range scan ({@code (import_id, attempt, valid, rank)}), however deep. Cursors stream with a
 * server-side cursor (autocommit off, a fetch size), holding one connection until closed.
 */
public final class JdbcStagingStore implements StagingStore {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int FETCH = 500;

    private final DataSource dataSource;
    private final String headers;
    private final String rows;

    /** A store in tables {@code etl_staging} and {@code etl_staged_row}. */
    public JdbcStagingStore(DataSource dataSource) {
        this(dataSource, Tables.DEFAULT_PREFIX);
    }

    /**
     * A store in tables {@code <tablePrefix>staging} and {@code <tablePrefix>staged_row}, created when missing.
     *
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public JdbcStagingStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        String prefix = Tables.prefix(tablePrefix);
        this.headers = prefix + "staging";
        this.rows = prefix + "staged_row";
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + headers + " (import_id VARCHAR(64) PRIMARY KEY, attempt BIGINT NOT NULL, "
                        + "finished BOOLEAN NOT NULL, total BIGINT NOT NULL, valid BIGINT NOT NULL, "
                        + "invalid BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + rows + " (import_id VARCHAR(64) NOT NULL, attempt BIGINT NOT NULL, "
                        + "ordinal BIGINT NOT NULL, row_number BIGINT NOT NULL, valid BOOLEAN NOT NULL, "
                        + "rank BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (import_id, attempt, ordinal))",
                "CREATE INDEX IF NOT EXISTS " + rows + "_by_kind ON " + rows + " (import_id, attempt, valid, rank)");
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
                "SELECT total, valid, invalid FROM " + headers + " WHERE import_id = ? AND finished")) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : Summary.EMPTY;
            }
        } catch (SQLException e) {
            throw Tables.failure("count the staged rows of import " + importId, e);
        }
    }

    @Override
    public List<StagedRow> page(String importId, RowFilter filter, int page, int size) {
        long from = (page - 1L) * size;
        String sql = select(filter, true) + " LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, importId, filter);
            ps.setLong(i++, from);
            ps.setInt(i, size);
            try (ResultSet rs = ps.executeQuery()) {
                List<StagedRow> page1 = new ArrayList<>(Math.min(size, 500));
                while (rs.next()) {
                    page1.add(RowCodec.fromBytes(rs.getBytes(1)));
                }
                return page1;
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
     * Deletes the header first: a writer finishing at that moment holds its lock, so this waits for the writer's commit
     * and the row deletion after it then sees (and deletes) the rows that commit made visible.
     */
    private void deleteAll(Connection c, String importId) throws SQLException {
        for (String table : new String[]{headers, rows}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE import_id = ?")) {
                ps.setString(1, importId);
                ps.executeUpdate();
            }
        }
    }

    /** Rows of the finished attempt passing the filter, in source order; {@code from} skips by ordinal or rank. */
    private String select(RowFilter filter, boolean from) {
        String position = filter == RowFilter.ALL ? "r.ordinal" : "r.rank";
        return "SELECT r.data FROM " + rows + " r JOIN " + headers + " h ON h.import_id = r.import_id "
                + "AND h.attempt = r.attempt AND h.finished WHERE r.import_id = ?"
                + (filter == RowFilter.ALL ? "" : " AND r.valid = ?")
                + (from ? " AND " + position + " >= ?" : "") + " ORDER BY " + position;
    }

    private static int bind(PreparedStatement ps, String importId, RowFilter filter) throws SQLException {
        ps.setString(1, importId);
        if (filter == RowFilter.ALL) {
            return 2;
        }
        ps.setBoolean(2, filter == RowFilter.VALID);
        return 3;
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
        private final String linePrefix;
        private long total;
        private long valid;
        private boolean done;

        RowWriter(String importId, long attempt) {
            this.importId = importId;
            this.attempt = attempt;
            this.linePrefix = copyText(importId) + "\t" + attempt + "\t";
            try {
                connection = dataSource.getConnection();
                try {
                    connection.setAutoCommit(false);
                    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + rows
                            + " (import_id, attempt, ordinal, row_number, valid, rank, data) FROM STDIN");
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
            line.append(linePrefix).append(total).append('\t').append(row.row()).append('\t')
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

    /** Text for a COPY text-format field: backslash, tab and line breaks escaped. */
    private static String copyText(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** A server-side cursor in a read-only transaction of its own. */
    private final class RowCursor implements Cursor {
        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet results;
        private StagedRow next;
        private boolean closed;

        RowCursor(String importId, RowFilter filter) throws SQLException {
            connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                statement = connection.prepareStatement(select(filter, false));
                statement.setFetchSize(FETCH);
                bind(statement, importId, filter);
                results = statement.executeQuery();
            } catch (SQLException e) {
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
