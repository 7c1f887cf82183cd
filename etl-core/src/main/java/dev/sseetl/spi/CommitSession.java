package dev.sseetl.spi;

import dev.sseetl.StagedRow;

import java.util.List;

/**
 * One commit in progress. In {@link dev.sseetl.CommitMode#VALID_ROWS} every {@link #write} is its own transaction;
 * in {@link dev.sseetl.CommitMode#ALL_OR_NOTHING} everything is one transaction ended by {@link #complete()}.
 */
public interface CommitSession extends AutoCloseable {
    /**
     * Writes valid rows.
     *
     * @return how many rows were inserted and updated
     * @throws CommitFailure when the target refused a row; it names that row
     */
    ChunkResult write(List<StagedRow> rows);

    /**
     * Writes one chunk named by its key. A target that keeps checkpoints records the key in the chunk's own
     * transaction, so that a resumed commit never writes the chunk twice. The default ignores the key.
     */
    default ChunkResult write(ChunkKey key, List<StagedRow> rows) {
        return write(rows);
    }

    /** Ends the commit successfully (commits the one transaction in ALL_OR_NOTHING). */
    void complete();

    /** Releases resources and rolls back anything not yet committed. */
    @Override
    void close();

    /** Counts of one write. */
    record ChunkResult(long inserted, long updated) {
    }

    /** The target refused a row. */
    class CommitFailure extends RuntimeException {
        private final long row;

        public CommitFailure(long row, String message, Throwable cause) {
            super(message, cause);
            this.row = row;
        }

        /** Source row number of the refused row, or -1 when unknown. */
        public long row() {
            return row;
        }
    }
}
