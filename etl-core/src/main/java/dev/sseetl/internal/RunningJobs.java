package dev.sseetl.internal;

import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.spi.ImportRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs running on this node, by import id, and how they are stopped: a cancel moves the import to CANCELLED
 * through the {@link ImportLifecycle} and tells the job, which cleans up itself; with no job running here the
 * canceller cleans up.
 */
final class RunningJobs {
    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    private final Map<String, JobHandle> jobs = new ConcurrentHashMap<>();
    private final ImportRepository repository;
    private final ImportLifecycle lifecycle;
    private final ProgressReporter.Factory reporters;

    RunningJobs(ImportRepository repository, ImportLifecycle lifecycle, ProgressReporter.Factory reporters) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.reporters = reporters;
    }

    /** A handle for the import's next job; it replaces the one of the job before. */
    JobHandle register(String id, boolean interruptible) {
        JobHandle handle = new JobHandle(interruptible);
        jobs.put(id, handle);
        return handle;
    }

    /** How many jobs run (or are queued) on this node. */
    int count() {
        return jobs.size();
    }

    /** The imports with a job (queued or running) on this node. */
    Set<String> ids() {
        return Set.copyOf(jobs.keySet());
    }

    /** Drops the handle of a job that could not be queued. */
    void unregister(String id) {
        jobs.remove(id);
    }

    /** Called by a job last, however it ended. */
    void ended(String id, JobHandle handle) {
        jobs.remove(id, handle);
        handle.end();
    }

    /** Cancels the import if it runs; waits briefly for its job to clean up. */
    void cancel(String id, String reason) {
        JobHandle running = stop(id, reason);
        if (running != null) {
            running.awaitEnd(CANCEL_WAIT);
        }
    }

    /** Stops every job of this node and waits briefly for them (the engine closes). */
    void stopAll(String reason) {
        List<JobHandle> stopping = new ArrayList<>();
        for (String id : List.copyOf(jobs.keySet())) {
            try {
                JobHandle handle = stop(id, reason);
                if (handle != null) {
                    stopping.add(handle);
                }
            } catch (RuntimeException e) {
                log.warn("Could not stop import {} on close", id, e);
            }
        }
        stopping.forEach(handle -> handle.awaitEnd(CANCEL_WAIT));
    }

    /**
     * Moves a running import to CANCELLED and tells its job to stop; cleans up at once when no job runs it.
     *
     * @return the handle of the job that is stopping and cleans up itself, or null
     */
    private JobHandle stop(String id, String reason) {
        ImportJob before = repository.find(id).orElse(null);
        if (before == null || !before.state().isRunning()) {
            return null;
        }
        if (!lifecycle.cancel(id, reason)) {
            return null; // it ended meanwhile
        }
        JobHandle handle = jobs.get(id);
        if (handle != null && handle.cancel(reason)) {
            return handle;
        }
        Phase phase = before.state() == ImportState.COMMITTING ? Phase.COMMIT : Phase.BUFFER;
        lifecycle.endCancelled(id, reason, reporters.immediate(id, phase), null);
        return null;
    }
}
