package dev.sseetl.internal;

import dev.sseetl.CommitResult;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.spi.ProgressStore;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reports the progress of one phase of one import to the {@link ProgressStore}, coalescing updates: at most one
 * stored snapshot per interval (final ones always go at once). {@code processed} never goes down; {@code total} is
 * the estimate, never below {@code processed}, and equals it once completed. Used by one job thread.
 */
final class ProgressReporter {
    private final ProgressStore store;
    private final String importId;
    private final Phase phase;
    private final long intervalNanos;
    private final LongSupplier totalEstimate;
    private long processed;
    private long total;
    private long valid;
    private long invalid;
    private long lastStored;

    /** Makes the reporters of an engine, all storing at most once per {@code interval}. */
    record Factory(ProgressStore store, Duration interval) {
        /** A reporter for one phase of one import; {@code totalEstimate} as in the constructor. */
        ProgressReporter of(String importId, Phase phase, LongSupplier totalEstimate) {
            return new ProgressReporter(store, importId, phase, interval, totalEstimate);
        }

        /** A reporter that stores every snapshot at once, with no total known: for ending an import no job runs. */
        ProgressReporter immediate(String importId, Phase phase) {
            return new ProgressReporter(store, importId, phase, Duration.ZERO, () -> -1);
        }
    }

    /**
     * @param totalEstimate rows expected in all, asked when a snapshot is due; -1 when unknown
     */
    ProgressReporter(ProgressStore store, String importId, Phase phase, Duration interval, LongSupplier totalEstimate) {
        this.store = store;
        this.importId = importId;
        this.phase = phase;
        this.intervalNanos = interval.toNanos();
        this.totalEstimate = totalEstimate;
    }

    /** Stores the starting snapshot at once, counting {@code invalidSoFar} rows as invalid (a commit's skipped rows). */
    void start(long invalidSoFar) {
        invalid = invalidSoFar;
        start();
    }

    /** Stores the starting snapshot at once. */
    void start() {
        total = Math.max(0, totalEstimate.getAsLong());
        store(ProgressStatus.PROCESSING, null, null);
    }

    /** Records the counts; stores them when the interval has passed since the last stored snapshot. */
    void update(long processedNow, long validNow, long invalidNow) {
        processed = Math.max(processed, processedNow);
        valid = validNow;
        invalid = invalidNow;
        if (System.nanoTime() - lastStored >= intervalNanos) {
            long estimate = totalEstimate.getAsLong();
            if (estimate >= 0) {
                total = estimate;
            }
            store(ProgressStatus.PROCESSING, null, null);
        }
    }

    /**
     * Records the counts and stores them at once, whatever the interval: after a committed chunk, so that the stored
     * {@code processed} is what stays in the target if the node dies next.
     */
    void updateNow(long processedNow, long validNow, long invalidNow) {
        lastStored = Long.MIN_VALUE / 2;
        update(processedNow, validNow, invalidNow);
    }

    ProgressSnapshot completed(CommitResult result) {
        total = processed;
        return store(ProgressStatus.COMPLETED, null, result);
    }

    ProgressSnapshot failed(String message, CommitResult result) {
        return store(ProgressStatus.FAILED, message, result);
    }

    ProgressSnapshot cancelled(String message, CommitResult result) {
        return store(ProgressStatus.CANCELLED, message, result);
    }

    long processed() {
        return processed;
    }

    private ProgressSnapshot store(ProgressStatus status, String message, CommitResult result) {
        total = Math.max(total, processed);
        lastStored = System.nanoTime();
        return store.put(new ProgressSnapshot(importId, phase, processed, total, status, valid, invalid, message, 0,
                result));
    }
}
