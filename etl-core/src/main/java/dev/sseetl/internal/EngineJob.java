package dev.sseetl.internal;

import dev.sseetl.ImportJob;
import dev.sseetl.schema.Schema;

/** A background job on one import: does nothing when cancelled while queued, and always reports its end. */
abstract class EngineJob implements Runnable {
    final DefaultEtlEngine engine;
    final ImportJob job;
    final Schema schema;
    final JobHandle handle;

    EngineJob(DefaultEtlEngine engine, ImportJob job, Schema schema, JobHandle handle) {
        this.engine = engine;
        this.job = job;
        this.schema = schema;
        this.handle = handle;
    }

    @Override
    public final void run() {
        try {
            if (handle.begin()) {
                work();
            }
        } finally {
            engine.jobEnded(job.id(), handle);
        }
    }

    /** The job's work, run once on a job thread. */
    abstract void work();
}
