package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.EngineHealth;
import dev.sseetl.EtlEngine;
import dev.sseetl.Phase;
import dev.sseetl.spi.Subscription;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.textFile;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics (on a real Micrometer SimpleMeterRegistry) and the engine's health. The MDC keys of job log lines are tested
 * in the Spring module, on logback (slf4j-simple, used here, keeps no MDC).
 */
class EngineObservabilityTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name, String phase) {
        var counter = registry.find(name).tags("schema", "people", "phase", phase).counter();
        return counter == null ? 0 : counter.count();
    }

    private double rows(String phase, String kind) {
        return registry.get("sseetl.rows").tags("schema", "people", "phase", phase, "kind", kind).counter().count();
    }

    @Test
    void countsPhasesRowsAndTimesThemPerSchemaAndPhase() {
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(new MemoryTable()))
                .meterRegistry(registry).workDirectory(work).build()) {
            String id = upload(engine, peopleCsv(files, 100, 10));
            engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(30));
            engine.commit(id, OWNER, CommitOptions.defaults());
            engine.awaitPhase(id, OWNER, Phase.COMMIT, Duration.ofSeconds(30));
            String broken = upload(engine, textFile(files, "no-email.csv", "Name,Age\r\nAda,36\r\n"));
            engine.awaitPhase(broken, OWNER, Phase.BUFFER, Duration.ofSeconds(30));
            // a job reports its end to the metrics just after storing its final snapshot
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> count("sseetl.imports.failed", "buffer") == 1);

            assertThat(count("sseetl.imports.started", "buffer")).isEqualTo(2);
            assertThat(count("sseetl.imports.completed", "buffer")).isEqualTo(1);
            assertThat(count("sseetl.imports.failed", "buffer")).isEqualTo(1);
            assertThat(count("sseetl.imports.started", "commit")).isEqualTo(1);
            assertThat(count("sseetl.imports.completed", "commit")).isEqualTo(1);
            assertThat(count("sseetl.imports.cancelled", "commit")).isZero();
            assertThat(rows("buffer", "valid")).isEqualTo(90);
            assertThat(rows("buffer", "invalid")).isEqualTo(10);
            assertThat(rows("commit", "valid")).isEqualTo(90);
            assertThat(rows("commit", "invalid")).isEqualTo(10);
            assertThat(registry.get("sseetl.phase.duration").tags(Tags.of("schema", "people", "phase", "commit",
                    "outcome", "completed")).timer().count()).isEqualTo(1);
            assertThat(registry.get("sseetl.phase.duration").tags("phase", "buffer", "outcome", "failed").timer()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void countsACancelledCommitAndGaugesRunningJobsAndOpenSubscriptions() throws Exception {
        MemoryTable table = new MemoryTable().holding(1);
        EtlEngine engine = EtlEngine.builder().schema(people().withTarget(table)).meterRegistry(registry)
                .workDirectory(work).build();
        try {
            assertThat(registry.get("sseetl.jobs.running").gauge().value()).isZero();
            String id = upload(engine, peopleCsv(files, 30, 0));
            engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(30));
            Subscription stream = engine.subscribe(id, OWNER, Phase.COMMIT, snapshot -> { });
            assertThat(registry.get("sseetl.progress.subscriptions").gauge().value()).isEqualTo(1);
            engine.commit(id, OWNER, CommitOptions.defaults());
            table.heldChunkEntered.await();
            assertThat(registry.get("sseetl.jobs.running").gauge().value()).isEqualTo(1);
            engine.cancel(id, OWNER);
            table.releaseHeldChunk.countDown();
            engine.awaitPhase(id, OWNER, Phase.COMMIT, Duration.ofSeconds(30));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> count("sseetl.imports.cancelled", "commit") == 1);
            assertThat(registry.get("sseetl.jobs.running").gauge().value()).isZero();
            stream.close();
            stream.close();
            assertThat(registry.get("sseetl.progress.subscriptions").gauge().value()).isZero();
        } finally {
            engine.close();
        }
        assertThat(registry.find("sseetl.jobs.running").gauge()).as("gauges removed on close").isNull();
        assertThat(registry.find("sseetl.progress.subscriptions").gauge()).isNull();
    }

    @Test
    void healthIsUpWithAWritableWorkFolderAndDownNamingTheCheckWhenItIsGone() throws Exception {
        Path folder = Files.createDirectories(work.resolve("engine"));
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(new MemoryTable()))
                .workDirectory(folder).build()) {
            EngineHealth up = engine.health();
            assertThat(up.up()).isTrue();
            assertThat(up.details().keySet()).containsExactly("workDirectory", "importRepository", "progressStore",
                    "stagingStore", "fileStore");
            assertThat(up.details().get("workDirectory")).isEqualTo("writable: " + folder);
            assertThat(up.details().get("importRepository")).isEqualTo("reachable: InMemoryImportRepository");
            try (var listing = Files.walk(folder)) {
                listing.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            EngineHealth down = engine.health();
            assertThat(down.up()).isFalse();
            assertThat(down.details().get("workDirectory")).startsWith("failed: ");
        }
    }
}
