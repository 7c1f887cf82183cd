package dev.sseetl.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sseetl.CommitOptions;
import dev.sseetl.EtlEngine;
import dev.sseetl.Phase;
import dev.sseetl.commit.CallbackTarget;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.JobRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics on the app's MeterRegistry, the Actuator health contributor, and the MDC keys on job log lines. */
class EtlObservabilityTest {
    private static final String CSV = "Name,Email\nAda,ada@example.com\nAlan,alan@example.com\nNobody,not-an-email\n";

    @TempDir
    Path work;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EtlAutoConfiguration.class))
                .withUserConfiguration(PeopleSchema.class)
                .withPropertyValues("etl.schemas-location=", "etl.work-dir=" + work);
    }

    @Configuration(proxyBeanMethods = false)
    static class PeopleSchema {
        @Bean
        Schema peopleSchema() {
            return Schema.named("people")
                    .column(Column.string("name").label("Name").required())
                    .column(Column.email("email").label("Email").required())
                    .target(CallbackTarget.of(chunk -> null))
                    .build();
        }
    }

    private static String importAndCommit(EtlEngine engine) {
        String id = engine.upload("people", new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)),
                "people.csv", Map.of(), "ada");
        engine.awaitPhase(id, "ada", Phase.BUFFER, Duration.ofSeconds(30));
        engine.commit(id, "ada", CommitOptions.defaults());
        engine.awaitPhase(id, "ada", Phase.COMMIT, Duration.ofSeconds(30));
        return id;
    }

    @Test
    void theAppsMeterRegistryMeasuresTheEngine() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("sseetl.jobs.running").gauge().value()).isZero();
            assertThat(registry.get("sseetl.progress.subscriptions").gauge().value()).isZero();
            importAndCommit(context.getBean(EtlEngine.class));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry
                    .find("sseetl.imports.completed").tags("schema", "people", "phase", "commit").counter() != null);
            assertThat(registry.get("sseetl.imports.started").tags("schema", "people", "phase", "buffer").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("sseetl.rows").tags("phase", "buffer", "kind", "invalid").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("sseetl.rows").tags("phase", "commit", "kind", "valid").counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("sseetl.phase.duration").tags("phase", "commit").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void withoutMicrometerTheEngineStartsAndWorksUnmeasured() {
        runner().withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EtlEngine.class)
                    .doesNotHaveBean("etlMeterRegistryCustomizer");
            importAndCommit(context.getBean(EtlEngine.class));
        });
        runner().run(context -> assertThat(context).hasBean("etlMeterRegistryCustomizer")
                .doesNotHaveBean(MeterRegistry.class));
    }

    @Test
    void theHealthIndicatorIsUpWithItsChecksAndDownWhenTheWorkFolderIsGone() {
        runner().run(context -> {
            HealthIndicator indicator = context.getBean("etlHealthIndicator", HealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKeys("workDirectory", "importRepository", "progressStore",
                    "stagingStore", "fileStore");
            assertThat(up.getDetails().get("workDirectory")).isEqualTo("writable: " + work);
            try (var listing = Files.walk(work)) {
                listing.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) down.getDetails().get("workDirectory")).startsWith("failed: ");
        });
    }

    @Test
    void theHealthIndicatorIsLeftOutWithoutTheHealthModuleOrWhenTurnedOff() {
        runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("etlHealthIndicator"));
        runner().withPropertyValues("management.health.etl.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("etlHealthIndicator"));
    }

    @Test
    void everyLogLineOfAJobCarriesImportIdSchemaAndPhaseAndTheJobThreadIsClearedAfter() {
        Logger internal = (Logger) LoggerFactory.getLogger("dev.sseetl.internal");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        internal.addAppender(lines);
        Set<String> afterJobs = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-job"));
        JobRunner jobs = new JobRunner() {
            @Override
            public void submit(String name, Runnable job) {
                threads.execute(() -> {
                    job.run();
                    afterJobs.add(String.valueOf(MDC.getCopyOfContextMap()));
                });
            }

            @Override
            public void close() {
                threads.shutdown();
            }
        };
        try {
            runner().withBean(JobRunner.class, () -> jobs).run(context -> {
                String id = importAndCommit(context.getBean(EtlEngine.class));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> afterJobs.size() == 1
                        && lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("committed")));
                List<ILoggingEvent> jobLines = lines.list.stream()
                        .filter(e -> e.getThreadName().equals("test-job")).toList();
                assertThat(jobLines).extracting(ILoggingEvent::getFormattedMessage)
                        .anyMatch(m -> m.startsWith("Import " + id + " buffered 3 rows"))
                        .anyMatch(m -> m.startsWith("Import " + id + " committed 2 rows"));
                for (ILoggingEvent line : jobLines) {
                    String phase = line.getFormattedMessage().contains("committed") ? "commit" : "buffer";
                    assertThat(line.getMDCPropertyMap()).as(line.getFormattedMessage())
                            .containsEntry("importId", id).containsEntry("schema", "people")
                            .containsEntry("phase", phase);
                }
                assertThat(afterJobs).containsExactly("{}");
            });
        } finally {
            internal.detachAppender(lines);
            threads.shutdownNow();
        }
    }
}
