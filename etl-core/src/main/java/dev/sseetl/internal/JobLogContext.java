package dev.sseetl.internal;

import dev.sseetl.Phase;
import org.slf4j.MDC;

import java.util.Map;

/**
 * The MDC keys on every log line of a job: {@value #IMPORT_ID}, {@value #SCHEMA}, {@value #PHASE} ({@code buffer} or
 * {@code commit}). Set around a job's run on its thread, and handed on to the threads it starts (the reading thread).
 */
final class JobLogContext implements AutoCloseable {
    static final String IMPORT_ID = "importId";
    static final String SCHEMA = "schema";
    static final String PHASE = "phase";

    private JobLogContext() {
    }

    /** Puts the job's keys into this thread's MDC; {@link #close()} removes them. */
    static JobLogContext open(String importId, String schema, Phase phase) {
        MDC.put(IMPORT_ID, importId);
        MDC.put(SCHEMA, schema);
        MDC.put(PHASE, phase.wireName());
        return new JobLogContext();
    }

    /** The task, run with the MDC of the calling thread (captured now) on whatever thread runs it. */
    static Runnable inheriting(Runnable task) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        if (captured == null || captured.isEmpty()) {
            return task;
        }
        return () -> {
            MDC.setContextMap(captured);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        };
    }

    @Override
    public void close() {
        MDC.remove(IMPORT_ID);
        MDC.remove(SCHEMA);
        MDC.remove(PHASE);
    }
}
