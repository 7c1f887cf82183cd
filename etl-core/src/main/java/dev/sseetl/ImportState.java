package dev.sseetl;

/**
 * Lifecycle of an import: {@code UPLOADED -> BUFFERING -> BUFFERED -> COMMITTING -> COMMITTED}, with
 * {@code FAILED} and {@code CANCELLED} reachable from any running state.
 */
public enum ImportState {
    UPLOADED, BUFFERING, BUFFERED, COMMITTING, COMMITTED, FAILED, CANCELLED;

    /** True for states no job leaves by itself: buffered (waiting for a commit) is not terminal. */
    public boolean isTerminal() {
        return this == COMMITTED || this == FAILED || this == CANCELLED;
    }

    /** True while a background job works on the import. */
    public boolean isRunning() {
        return this == UPLOADED || this == BUFFERING || this == COMMITTING;
    }
}
