package dev.sseetl.internal;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@link EngineMetrics} on a Micrometer {@link MeterRegistry}; the only class of etl-core that uses Micrometer. Meters
 * (tags {@code schema}, {@code phase} = {@code buffer}/{@code commit}):
 * <ul>
 *   <li>{@code sseetl.imports.started}, {@code sseetl.imports.completed}, {@code sseetl.imports.failed},
 *       {@code sseetl.imports.cancelled}: counters of phases</li>
 *   <li>{@code sseetl.rows} (tag {@code kind} = {@code valid}/{@code invalid}): rows of ended phases (commit: valid =
 *       written, invalid = skipped)</li>
 *   <li>{@code sseetl.phase.duration} (tag {@code outcome}): a timer of each phase's job</li>
 *   <li>{@code sseetl.jobs.running}, {@code sseetl.progress.subscriptions}: gauges, no tags</li>
 * </ul>
 */
final class MicrometerEngineMetrics implements EngineMetrics {
    private final MeterRegistry registry;
    private final List<Meter> gauges;

    MicrometerEngineMetrics(Object registry, IntSupplier runningJobs, IntSupplier openSubscriptions) {
        this.registry = (MeterRegistry) registry;
        this.gauges = List.of(
                Gauge.builder("sseetl.jobs.running", runningJobs, IntSupplier::getAsInt).strongReference(true)
                        .description("Import jobs (buffering or commit) running on this node").register(this.registry),
                Gauge.builder("sseetl.progress.subscriptions", openSubscriptions, IntSupplier::getAsInt)
                        .strongReference(true)
                        .description("Open progress subscriptions: every SSE progress stream holds one")
                        .register(this.registry));
    }

    @Override
    public void phaseStarted(String schema, Phase phase) {
        counter("sseetl.imports.started", "Phases of imports that a job began", schema, phase).increment();
    }

    @Override
    public void phaseEnded(String schema, Phase phase, ProgressSnapshot end, long nanos) {
        ProgressStatus status = end == null ? ProgressStatus.CANCELLED
                : end.status() == ProgressStatus.PROCESSING ? ProgressStatus.FAILED : end.status();
        String outcome = status.label().toLowerCase(Locale.ROOT);
        counter("sseetl.imports." + outcome, "Phases of imports that ended " + outcome, schema, phase).increment();
        if (end != null) {
            rows(schema, phase, "valid").increment(end.valid());
            rows(schema, phase, "invalid").increment(end.invalid());
        }
        Timer.builder("sseetl.phase.duration").description("How long the job of one phase of an import worked")
                .tag("schema", schema).tag("phase", phase.wireName()).tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        gauges.forEach(registry::remove);
    }

    private Counter counter(String name, String description, String schema, Phase phase) {
        return Counter.builder(name).description(description).tag("schema", schema).tag("phase", phase.wireName())
                .register(registry);
    }

    private Counter rows(String schema, Phase phase, String kind) {
        return Counter.builder("sseetl.rows").description("Rows of ended phases: valid (written) or invalid (skipped)")
                .tag("schema", schema).tag("phase", phase.wireName()).tag("kind", kind).register(registry);
    }
}
