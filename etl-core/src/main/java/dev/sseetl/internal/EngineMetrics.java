package dev.sseetl.internal;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;

import java.util.function.IntSupplier;

/**
 * What the engine measures: every phase a job runs (started, ended with its outcome, rows and time) and, as gauges,
 * the jobs running on this node and the open progress subscriptions. {@link #NONE} measures nothing; the Micrometer
 * implementation is loaded only when the host gave a registry, so etl-core runs without Micrometer on the classpath.
 */
interface EngineMetrics {
    /** Measures nothing: the engine built without a meter registry. */
    EngineMetrics NONE = new EngineMetrics() {
        @Override
        public void phaseStarted(String schema, Phase phase) {
        }

        @Override
        public void phaseEnded(String schema, Phase phase, ProgressSnapshot end, long nanos) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * The metrics for the builder's registry: {@link #NONE} without one.
     *
     * @param registry          an {@code io.micrometer.core.instrument.MeterRegistry}, or null
     * @param runningJobs       the jobs running on this node, for a gauge
     * @param openSubscriptions the open progress subscriptions (every SSE stream holds one), for a gauge
     */
    static EngineMetrics of(Object registry, IntSupplier runningJobs, IntSupplier openSubscriptions) {
        return registry == null ? NONE : new MicrometerEngineMetrics(registry, runningJobs, openSubscriptions);
    }

    /** A job began working on one phase of an import of this schema. */
    void phaseStarted(String schema, Phase phase);

    /**
     * That job ended.
     *
     * @param end   the phase's final snapshot, or null when the import was discarded meanwhile (counted as cancelled)
     * @param nanos how long the job worked
     */
    void phaseEnded(String schema, Phase phase, ProgressSnapshot end, long nanos);

    /** Removes the gauges (the engine closes); counters and timers stay in the registry. */
    void close();
}
