package dev.sseetl.rules;

import dev.sseetl.CommitResult;
import dev.sseetl.ImportJob;
import dev.sseetl.Summary;

/**
 * Hears the lifecycle of each import, e.g. to notify the person or write an audit log. Each method is called once
 * per event, after the state change is stored, on an engine thread (never the request thread); implement the
 * events you need. An exception is logged with the import id and changes nothing about the import.
 */
public interface ImportListener {
    /** The file was read and staged: the import waits for its commit. */
    default void buffered(ImportJob job, Summary summary) {
    }

    /** The rows were committed; {@code result} has the exact counts. */
    default void committed(ImportJob job, CommitResult result) {
    }

    /** Buffering or commit failed; {@code message} is what the person was told. */
    default void failed(ImportJob job, String message) {
    }

    /** The import was cancelled (by a person, or because it expired); {@code reason} says why. */
    default void cancelled(ImportJob job, String reason) {
    }
}
