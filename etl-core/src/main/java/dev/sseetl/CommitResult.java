package dev.sseetl;

/**
 * Exact counts of one commit.
 *
 * @param inserted        rows inserted into the target
 * @param updated         existing rows updated (upsert on the unique key)
 * @param skipped         invalid rows not written
 * @param failed          valid rows not written because of a target error (or rolled back)
 * @param committedChunks chunks committed before the end (or before the failure)
 * @param failedRow       source row number of the row that failed, or null
 * @param message         the target's error message, or null
 */
public record CommitResult(long inserted, long updated, long skipped, long failed, int committedChunks,
                           Long failedRow, String message) {
}
