package dev.sseetl;

/** Counts of the staged rows: {@code total = valid + invalid}. */
public record Summary(long total, long valid, long invalid) {
    /** No rows. */
    public static final Summary EMPTY = new Summary(0, 0, 0);
}
