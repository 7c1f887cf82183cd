package dev.sseetl.spi;

import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The buffer between reading a file and committing it: staged rows with their errors, pageable by filter.
 */
public interface StagingStore {
    /** Starts staging an import's rows (replacing any earlier attempt). */
    Writer open(String importId, int columnCount);

    /** Counts of the import's staged rows; {@link Summary#EMPTY} when nothing is staged. */
    Summary summary(String importId);

    /** Page {@code page} (from 1) of {@code size} rows passing {@code filter}, in source order. */
    List<StagedRow> page(String importId, RowFilter filter, int page, int size);

    /** Every row passing {@code filter}, in source order, read lazily. Close the cursor when done. */
    Cursor rows(String importId, RowFilter filter);

    /**
     * The staged row with this source row number ({@link StagedRow#row()}), as last updated; empty when the import
     * has no such row or it was removed.
     */
    Optional<StagedRow> find(String importId, long row);

    /**
     * Replaces staged rows by new versions of them, matched by source row number: their values, raw texts, errors and
     * edited flag. Pages, cursors and counts follow the new validity at once, on every node sharing the store. Rows
     * that are not staged (or were removed) are skipped. Not for a buffer that is still being written.
     *
     * @return how many rows were replaced
     */
    int update(String importId, List<StagedRow> rows);

    /**
     * Leaves the row with this source row number out of pages, cursors and the total from now on; the summary counts
     * it as {@code removed}.
     *
     * @return false when there is no such row (or it was removed already)
     */
    boolean remove(String importId, long row);

    /** Deletes everything staged for the import. Deleting twice is harmless. */
    void delete(String importId);

    /** Appends rows of one import. Rows become visible on {@link #finish()}. */
    interface Writer extends AutoCloseable {
        void append(StagedRow row);

        /** Seals the buffer; pages and cursors see the rows from now on. */
        void finish();

        /** Releases resources; without {@link #finish()} first, discards what was appended. */
        @Override
        void close();
    }

    /** A lazy, closeable iteration over staged rows. */
    interface Cursor extends Iterator<StagedRow>, AutoCloseable {
        @Override
        void close();
    }
}
