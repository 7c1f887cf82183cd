package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Heartbeats of the jobs, on a daemon thread {@code sse-etl-heartbeat} every {@link #interval}: records in the
 * repository that each import with a job on this node is alive, then ends as FAILED every running import whose job
 * stopped beating for {@link #MISSED_BEATS} intervals (its node died, or lost the stores), with a message saying what
 * stays written in the target. On one node this ends what a crashed process left running at its next start.
 */
final class JobHeartbeats implements AutoCloseable {
    /** Beats an import may miss before its job counts as gone. */
    static final int MISSED_BEATS = 6;
    private static final Logger log = LoggerFactory.getLogger(JobHeartbeats.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ImportStores stores;
    private final ImportLifecycle lifecycle;
    private final RunningJobs jobs;
    private final Clock clock;
    private final Duration interval;
    private final Predicate<String> resumable;
    private ScheduledExecutorService thread;

    /** @param resumable whether a durable execution will resume the import elsewhere: then it is never ended here */
    JobHeartbeats(ImportStores stores, ImportLifecycle lifecycle, RunningJobs jobs, Clock clock, Duration interval,
                  Predicate<String> resumable) {
        this.resumable = resumable;
        this.stores = stores;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts beating and sweeping in the background; returns this. */
    synchronized JobHeartbeats start() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sse-etl-heartbeat");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::beatAndSweepQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Records a beat for every import with a job on this node.
     *
     * @return how many beats were stored
     */
    int beat() {
        Instant now = clock.instant();
        int n = 0;
        for (String id : jobs.ids()) {
            try {
                stores.repository().beat(id, now);
                n++;
            } catch (RuntimeException e) {
                log.warn("Import {}: could not record its heartbeat ({}); trying again in {} ms", id, e.getMessage(),
                        interval.toMillis());
            }
        }
        return n;
    }

    /**
     * Ends as FAILED each running import whose job has not beaten for {@link #MISSED_BEATS} intervals and does not run
     * on this node.
     *
     * @return how many imports were ended
     */
    int endSilent() {
        Instant cutoff = clock.instant().minus(interval.multipliedBy(MISSED_BEATS));
        int n = 0;
        for (ImportJob job : stores.repository().silentSince(cutoff)) {
            if (jobs.ids().contains(job.id())) {
                continue; // its job runs here: the beats failed, not the job
            }
            if (resumable.test(job.id())) {
                continue; // a durable execution: the scheduler revives it on a live node
            }
            Phase phase = job.state() == ImportState.COMMITTING ? Phase.COMMIT : Phase.BUFFER;
            ProgressSnapshot last = stores.progress().get(job.id(), phase)
                    .orElse(ProgressSnapshot.starting(job.id(), phase, 0));
            String message = "The server working on this import stopped before it finished (no sign of it since "
                    + TIME.format(cutoff) + " or earlier). " + whatStays(job, last);
            CommitResult result = phase == Phase.COMMIT ? committedSoFar(job, last) : null;
            ProgressSnapshot failed = new ProgressSnapshot(job.id(), phase, last.processed(), last.total(),
                    ProgressStatus.FAILED, last.valid(), last.invalid(), message, 0, result);
            if (lifecycle.endSilent(job.id(), message, failed)) {
                log.warn("Import {} ended as FAILED: its job stopped beating ({})", job.id(), message);
                n++;
            }
        }
        return n;
    }

    /** What the ended import left in the target, for the person importing. */
    private String whatStays(ImportJob job, ProgressSnapshot last) {
        if (job.state() != ImportState.COMMITTING) {
            return "Nothing was written to the target; upload the file again.";
        }
        CommitOptions options = stores.repository().commitOptions(job.id()).orElse(CommitOptions.defaults());
        if (options.mode() == CommitMode.ALL_OR_NOTHING || last.processed() == 0) {
            return "Nothing was written to the target" + (options.mode() == CommitMode.ALL_OR_NOTHING
                    ? " (all or nothing)." : ".");
        }
        long chunks = chunks(last.processed(), options);
        return last.processed() + (last.processed() == 1 ? " row (" : " rows (") + chunks
                + (chunks == 1 ? " chunk)" : " chunks)") + " had been committed and stay in the target; the other "
                + Math.max(0, last.total() - last.processed()) + " valid rows were not written.";
    }

    private CommitResult committedSoFar(ImportJob job, ProgressSnapshot last) {
        CommitOptions options = stores.repository().commitOptions(job.id()).orElse(CommitOptions.defaults());
        long written = options.mode() == CommitMode.ALL_OR_NOTHING ? 0 : last.processed();
        return new CommitResult(written, 0, last.invalid(), Math.max(0, last.total() - written),
                (int) chunks(written, options), null, null);
    }

    private static long chunks(long rows, CommitOptions options) {
        return (rows + options.chunkSize() - 1) / options.chunkSize();
    }

    private void beatAndSweepQuietly() {
        try {
            beat();
            endSilent();
        } catch (RuntimeException e) {
            log.warn("Ending imports whose job stopped failed; trying again in {} ms", interval.toMillis(), e);
        }
    }

    /** Stops beating: the imports of this node's jobs fall silent and are ended by whichever node still runs. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
