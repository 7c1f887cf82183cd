package dev.sseetl;

/**
 * Counts of the staged rows: {@code total = valid + invalid}; rows a person removed in the preview are not in the
 * total but counted in {@code removed}.
 */
public record Summary(long total, long valid, long invalid, long removed) {
    /** No rows. */
    public static final Summary EMPTY = new Summary(0, 0, 0, 0);

    /** Counts of a buffer nobody removed rows from. */
    public Summary(long total, long valid, long invalid) {
        this(total, valid, invalid, 0);
    }
}
