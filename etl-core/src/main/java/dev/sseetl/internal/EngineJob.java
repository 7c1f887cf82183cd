package dev.sseetl.internal;

import dev.sseetl.CommitResult;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.schema.Schema;

/**
 * A background job on one import: does nothing when cancelled while queued, and always reports its end. Works only
 * with what its {@link JobContext} hands it; every state change goes through the {@link ImportLifecycle}. Every log
 * line of the job carries the MDC keys of {@link JobLogContext}; the phase it works on is reported to the
 * {@link EngineMetrics} when it begins and with its final snapshot when it ends.
 */
abstract class EngineJob implements Runnable {
    /** How often a running job asks the repository whether another node cancelled its import. */
    private static final long STATE_CHECK_NANOS = 1_000_000_000L;

    final JobContext context;
    final ImportJob job;
    final Schema schema;
    final JobHandle handle;
    private long lastStateCheck = System.nanoTime();

    EngineJob(JobContext context, ImportJob job, Schema schema, JobHandle handle) {
        this.context = context;
        this.job = job;
        this.schema = schema;
        this.handle = handle;
    }

    @Override
    public final void run() {
        try (JobLogContext ignored = JobLogContext.open(job.id(), schema.name(), phase())) {
            try {
                if (handle.begin()) {
                    measured();
                }
            } finally {
                context.jobs().ended(job.id(), handle);
            }
        }
    }

    private void measured() {
        long started = System.nanoTime();
        context.metrics().phaseStarted(schema.name(), phase());
        try {
            work();
        } finally {
            ProgressSnapshot end = context.stores().progress().get(job.id(), phase()).orElse(null);
            context.metrics().phaseEnded(schema.name(), phase(), end, System.nanoTime() - started);
        }
    }

    /** The phase this job works on. */
    abstract Phase phase();

    /** The job's work, run once on a job thread. */
    abstract void work();

    /** Why the import was cancelled, for the person importing. */
    String cancelReason() {
        return context.lifecycle().cancelReason(job.id(), handle);
    }

    /** Ends the import as CANCELLED with the final snapshot (see {@link ImportLifecycle#endCancelled}). */
    void endCancelled(String reason, ProgressReporter reporter, CommitResult result) {
        context.lifecycle().endCancelled(job.id(), reason, reporter, result);
    }

    /** Ends the import as FAILED from {@code from}, or CANCELLED if it was cancelled meanwhile. */
    void endFailed(ImportState from, String message, ProgressReporter reporter, CommitResult result) {
        context.lifecycle().endFailed(job.id(), from, message, this::cancelReason, reporter, result);
    }

    /**
     * True once the import was cancelled: on this node (at once), or on another node sharing the repository, seen at
     * most a second later because the import is no longer running there (cancelled or discarded). Cheap to call for
     * every row: the repository is asked at most once a second.
     */
    boolean cancelled() {
        if (handle.cancelled()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastStateCheck < STATE_CHECK_NANOS) {
            return false;
        }
        lastStateCheck = now;
        ImportJob current = context.stores().repository().find(job.id()).orElse(null);
        if (current != null && current.state().isRunning()) {
            return false;
        }
        handle.cancel(current == null || current.message() == null ? "The import was cancelled." : current.message());
        handle.clearInterrupt(); // cancelled from its own thread: nothing to interrupt
        return true;
    }
}
