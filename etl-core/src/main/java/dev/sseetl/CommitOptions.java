package dev.sseetl;

import java.util.Objects;

/**
 * How to commit one import.
 *
 * @param mode      valid rows in chunks, or all or nothing
 * @param chunkSize rows per chunk (and per transaction in {@link CommitMode#VALID_ROWS}); greater than 0
 */
public record CommitOptions(CommitMode mode, int chunkSize) {
    /** The default chunk size. */
    public static final int DEFAULT_CHUNK_SIZE = 5_000;

    public CommitOptions {
        Objects.requireNonNull(mode, "mode");
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be greater than 0, got " + chunkSize);
        }
    }

    /** {@link CommitMode#VALID_ROWS} with the default chunk size. */
    public static CommitOptions defaults() {
        return new CommitOptions(CommitMode.VALID_ROWS, DEFAULT_CHUNK_SIZE);
    }

    /** These options with another mode. */
    public CommitOptions withMode(CommitMode newMode) {
        return new CommitOptions(newMode, chunkSize);
    }
}
