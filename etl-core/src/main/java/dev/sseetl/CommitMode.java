package dev.sseetl;

/** How a commit treats failures. */
public enum CommitMode {
    /** Invalid rows are skipped; valid rows go in chunks, each chunk its own transaction (the default). */
    VALID_ROWS,
    /** One transaction for every row; any failure writes nothing. */
    ALL_OR_NOTHING
}
