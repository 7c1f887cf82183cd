package dev.sseetl.internal;

import dev.sseetl.ImportJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes every import that ended more than the TTL ago (staged rows, stored file, progress, metadata), on a daemon
 * thread {@code sse-etl-sweeper} every minute, or every TTL when that is shorter. A running import never expires.
 */
final class ExpirySweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final ImportStores stores;
    private final Clock clock;
    private final Duration ttl;
    private ScheduledExecutorService thread;

    ExpirySweeper(ImportStores stores, Clock clock, Duration ttl) {
        this.stores = stores;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Starts sweeping in the background; returns this. */
    synchronized ExpirySweeper start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sse-etl-sweeper");
                t.setDaemon(true);
                return t;
            });
            long period = periodSeconds();
            thread.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.SECONDS);
        }
        return this;
    }

    /** Seconds between two sweeps: the TTL, at least 1 and at most 60. */
    long periodSeconds() {
        return Math.max(1, Math.min(60, ttl.toSeconds()));
    }

    /**
     * Deletes the imports that ended before now minus the TTL.
     *
     * @return how many imports were deleted
     */
    int sweepExpired() {
        Instant cutoff = clock.instant().minus(ttl);
        int n = 0;
        for (ImportJob job : stores.repository().endedBefore(cutoff)) {
            if (!job.state().isRunning()) {
                stores.forget(job.id());
                n++;
            }
        }
        if (n > 0) {
            log.info("Deleted {} expired imports", n);
        }
        return n;
    }

    private void sweepQuietly() {
        try {
            sweepExpired();
        } catch (RuntimeException e) {
            log.warn("Deleting expired imports failed; trying again at the next sweep", e);
        }
    }

    /** Stops the background sweeps. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
