package dev.sseetl;

import java.util.Objects;

/**
 * One progress reading of one phase of one import. On the wire it is JSON with at least {@code processed},
 * {@code total} and {@code status}.
 *
 * @param importId  the import
 * @param phase     buffer or commit
 * @param processed rows done so far; never goes down within a phase
 * @param total     rows expected (known or estimated); equals {@code processed} once completed
 * @param status    Processing, Completed, Failed or Cancelled
 * @param valid     valid rows so far (buffer) or rows written (commit)
 * @param invalid   invalid rows so far (buffer) or rows skipped/failed (commit)
 * @param message   a human-readable message for Failed/Cancelled, or null
 * @param version   increases with every stored change of this import's progress; used as the SSE {@code id:}
 * @param result    the commit's counts once the commit phase has ended, else null
 */
public record ProgressSnapshot(String importId, Phase phase, long processed, long total, ProgressStatus status,
                               long valid, long invalid, String message, long version, CommitResult result) {
    public ProgressSnapshot {
        Objects.requireNonNull(importId, "importId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
    }

    /** A fresh Processing snapshot with nothing done yet. */
    public static ProgressSnapshot starting(String importId, Phase phase, long total) {
        return new ProgressSnapshot(importId, phase, 0, total, ProgressStatus.PROCESSING, 0, 0, null, 0, null);
    }

    /** This snapshot with another version number (stores assign versions). */
    public ProgressSnapshot withVersion(long newVersion) {
        return new ProgressSnapshot(importId, phase, processed, total, status, valid, invalid, message, newVersion, result);
    }
}
