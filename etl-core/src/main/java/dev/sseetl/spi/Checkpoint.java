package dev.sseetl.spi;

/**
 * What earlier attempts of one import's commit left committed in a target, read from its checkpoint rows.
 *
 * @param chunks   chunks committed (numbers 0 to {@code chunks - 1}); a resumed commit starts at chunk {@code chunks}
 * @param rows     rows in those chunks
 * @param inserted rows they inserted
 * @param updated  rows they updated
 * @param complete true when an all-or-nothing commit's one transaction committed (every row is in)
 */
public record Checkpoint(int chunks, long rows, long inserted, long updated, boolean complete) {
    /** Nothing committed yet. */
    public static final Checkpoint NONE = new Checkpoint(0, 0, 0, 0, false);
}
