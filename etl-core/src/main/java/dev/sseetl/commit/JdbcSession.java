package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.StagedRow;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * One commit into a JDBC table over one connection with autocommit off. In VALID_ROWS every {@link #write} commits;
 * in ALL_OR_NOTHING each write runs under a savepoint and only {@link #complete()} commits. A failed chunk is rolled
 * back, then replayed row by row to find the row the database refuses, rolled back again and reported as a
 * {@link CommitFailure} naming that source row and the database's message.
 */
final class JdbcSession implements CommitSession {
    private static final Logger log = LoggerFactory.getLogger(JdbcSession.class);
    /** SQLState of PostgreSQL's "no unique or exclusion constraint matching the ON CONFLICT specification". */
    private static final String NO_MATCHING_CONSTRAINT = "42P10";
    private static final String UNIQUE_VIOLATION = "23505";
    /** Serialisation failure (and H2's deadlock), PostgreSQL's deadlock, H2's lock timeout. */
    private static final String[] RETRYABLE = {"40001", "40P01", "HYT00"};
    /** Attempts after the first for a chunk that lost a race with another commit. */
    private static final int RACE_RETRIES = 3;

    private final Connection connection;
    private final CommitMode mode;
    private final PortableWriter portable;
    private final boolean restoreAutoCommit;
    private ChunkWriter writer;
    /** The import of the keyed chunks written, and their totals (for an all-or-nothing commit's checkpoint). */
    private String importId;
    private long rowsWritten;
    private long inserted;
    private long updated;
    private boolean completed;
    private boolean closed;

    JdbcSession(Connection connection, CommitMode mode, TableShape shape, int batchSize, boolean useCopy) throws SQLException {
        this.connection = connection;
        this.mode = mode;
        this.restoreAutoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        this.portable = new PortableWriter(shape, batchSize);
        this.writer = useCopy && shape.dialect == TableShape.Dialect.POSTGRESQL ? new PgCopyWriter(shape, portable) : portable;
        writer.prepare(connection);
        if (mode == CommitMode.VALID_ROWS) {
            connection.commit();
        }
    }

    @Override
    public ChunkResult write(List<StagedRow> rows) {
        return write(null, rows);
    }

    /**
     * Writes the chunk; with a key, in VALID_ROWS its checkpoint row goes in first, in the same transaction (see
     * {@link CommitCheckpoints}).
     */
    @Override
    public ChunkResult write(ChunkKey key, List<StagedRow> rows) {
        if (completed || closed) {
            throw new IllegalStateException("this commit session has ended");
        }
        if (rows.isEmpty()) {
            return new ChunkResult(0, 0);
        }
        ChunkKey checkpoint = mode == CommitMode.VALID_ROWS ? key : null;
        if (key != null) {
            importId = key.importId();
        }
        try {
            Savepoint start = mode == CommitMode.ALL_OR_NOTHING ? connection.setSavepoint() : null;
            if (checkpoint != null) {
                claim(checkpoint, rows);
            }
            try {
                ChunkResult result = writeRetryingRaces(checkpoint, rows, start);
                if (checkpoint != null) {
                    CommitCheckpoints.counts(connection, checkpoint, result);
                }
                rowsWritten += rows.size();
                inserted += result.inserted();
                updated += result.updated();
                if (start == null) {
                    connection.commit();
                } else {
                    connection.releaseSavepoint(start);
                }
                return result;
            } catch (SQLException e) {
                undo(start);
                throw locate(rows, start, e);
            }
        } catch (SQLException e) {
            throw new CommitFailure(rows.get(0).row(), DatabaseMessages.clean(e), e);
        }
    }

    /**
     * Writes the chunk, writing it again when it lost a race with another commit: another commit inserted one of its
     * new keys between our UPDATE (or key probe) and our INSERT (or COPY), so the INSERT met a unique violation;
     * written again, those rows are updates. Also retried: the database's serialisation failures and deadlocks.
     * A violation that persists (a row breaking another unique rule) is located after the last attempt.
     */
    private ChunkResult writeRetryingRaces(ChunkKey checkpoint, List<StagedRow> rows, Savepoint start)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOrFallBack(checkpoint, rows, start);
            } catch (SQLException e) {
                if (attempt > RACE_RETRIES || !isRace(e)) {
                    throw e;
                }
                log.info("Chunk from row {} met a concurrent write (SQLState {}); writing it again (attempt {}): {}",
                        rows.get(0).row(), DatabaseMessages.first(e).getSQLState(), attempt + 1,
                        DatabaseMessages.first(e).getMessage());
                undo(start);
                if (checkpoint != null && start == null) {
                    CommitCheckpoints.claim(connection, checkpoint, rows.size()); // the rollback took it back
                }
            }
        }
    }

    private boolean isRace(SQLException e) {
        if (portable.hasKey() && DatabaseMessages.hasState(e, UNIQUE_VIOLATION)) {
            return true;
        }
        for (String state : RETRYABLE) {
            if (DatabaseMessages.hasState(e, state)) {
                return true;
            }
        }
        return false;
    }

    /** Inserts the chunk's checkpoint row; a chunk another attempt committed already is refused, nothing written. */
    private void claim(ChunkKey key, List<StagedRow> rows) throws SQLException {
        try {
            CommitCheckpoints.claim(connection, key, rows.size());
        } catch (SQLException e) {
            connection.rollback();
            if ("23505".equals(e.getSQLState())) {
                throw new CommitFailure(rows.get(0).row(), "Chunk " + key.chunk() + " of import " + key.importId()
                        + " was already committed by another attempt of this commit.", e);
            }
            throw e;
        }
    }

    private ChunkResult writeOrFallBack(ChunkKey checkpoint, List<StagedRow> rows, Savepoint start)
            throws SQLException {
        try {
            return writer.write(connection, rows);
        } catch (SQLException e) {
            if (writer == portable || !NO_MATCHING_CONSTRAINT.equals(e.getSQLState())) {
                throw e;
            }
            // the table has no unique constraint on the conflict key, which ON CONFLICT needs: upsert portably
            log.info("No unique constraint matches the conflict key; using UPDATE-then-INSERT ({})", e.getMessage());
            undo(start);
            if (checkpoint != null) {
                CommitCheckpoints.claim(connection, checkpoint, rows.size()); // the rollback took it back
            }
            writer = portable;
            return portable.write(connection, rows);
        }
    }

    /** Replays the failed chunk row by row inside a transaction (then rolled back) to find the refused row. */
    private CommitFailure locate(List<StagedRow> rows, Savepoint start, SQLException chunkError) throws SQLException {
        Savepoint replay = start == null ? null : connection.setSavepoint();
        try {
            for (StagedRow row : rows) {
                try {
                    portable.writeOne(connection, row);
                } catch (SQLException e) {
                    return new CommitFailure(row.row(), DatabaseMessages.clean(e), chunkError);
                }
            }
            // every row passes on its own: blame the chunk's first row with the chunk's error
            return new CommitFailure(rows.get(0).row(), DatabaseMessages.clean(chunkError), chunkError);
        } finally {
            undo(replay);
        }
    }

    private void undo(Savepoint savepoint) throws SQLException {
        if (savepoint == null) {
            connection.rollback();
        } else {
            connection.rollback(savepoint);
        }
    }

    @Override
    public void complete() {
        if (closed) {
            throw new IllegalStateException("this commit session is closed");
        }
        try {
            if (mode == CommitMode.ALL_OR_NOTHING && importId != null) {
                CommitCheckpoints.complete(connection, importId, rowsWritten, inserted, updated);
            }
            connection.commit();
            completed = true;
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.INTERNAL, "The database refused to commit: " + DatabaseMessages.clean(e), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!completed) {
                connection.rollback();
            }
            writer.release(connection);
            connection.commit();
            connection.setAutoCommit(restoreAutoCommit);
        } catch (SQLException e) {
            log.warn("Could not clean up the commit connection: {}", e.getMessage());
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                log.warn("Could not close the commit connection: {}", e.getMessage());
            }
        }
    }
}
