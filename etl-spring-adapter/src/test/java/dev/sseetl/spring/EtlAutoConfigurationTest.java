package dev.sseetl.spring;

import dev.sseetl.EtlEngine;
import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.servlet.EtlServlet;
import dev.sseetl.servlet.EtlServletOptions;
import dev.sseetl.servlet.OwnerResolver;
import dev.sseetl.spi.CommitTarget;
import dev.sseetl.Phase;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class EtlAutoConfigurationTest {

    @TempDir
    Path tempDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EtlAutoConfiguration.class))
            .withPropertyValues("etl.schemas-location=");

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EtlAutoConfiguration.class))
            .withUserConfiguration(PeopleSchema.class)
            .withPropertyValues("etl.schemas-location=");

    private static Schema people() {
        return Schema.named("people")
                .column(Column.string("name").required())
                .column(Column.email("email").unique())
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    static class PeopleSchema {
        @Bean
        Schema peopleSchema() {
            return people();
        }
    }

    @Test
    void buildsTheEngineFromSchemaBeans() {
        runner.withUserConfiguration(PeopleSchema.class).run(context -> {
            assertThat(context).hasSingleBean(EtlEngine.class);
            assertThat(context.getBean(EtlEngine.class).schemas()).extracting(Schema::name).containsExactly("people");
        });
    }

    @Test
    void loadsSchemaFilesFromAClasspathLocation() {
        runner.withUserConfiguration(H2.class).withPropertyValues("etl.schemas-location=classpath:context-schemas").run(context ->
                assertThat(context.getBean(EtlEngine.class).schema("book_schema").columns())
                        .extracting(Column::key).containsExactly("title", "isbn"));
    }

    @Test
    void loadsSchemaFilesFromAFolderBesideSchemaBeans(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("orders.json"), """
                {"name": "orders", "columns": [{"key": "sku", "type": "string", "required": true}]}""");
        runner.withUserConfiguration(PeopleSchema.class)
                .withPropertyValues("etl.schemas-location=" + dir.toUri())
                .run(context -> assertThat(context.getBean(EtlEngine.class).schemas())
                        .extracting(Schema::name).containsExactly("people", "orders"));
    }

    @Test
    void startsWithSchemaBeansWhenTheSchemaFolderDoesNotExist(CapturedOutput output) {
        runner.withUserConfiguration(PeopleSchema.class)
                .withPropertyValues("etl.schemas-location=classpath:no-such-folder/")
                .run(context -> {
                    assertThat(context.getBean(EtlEngine.class).schemas()).extracting(Schema::name).containsExactly("people");
                    assertThat(output).contains("etl.schemas-location 'classpath:no-such-folder/' holds no *.json schema file");
                });
        runner.withUserConfiguration(PeopleSchema.class)
                .withPropertyValues("etl.schemas-location=file:/no/such/folder/")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void failsStartupNamingABrokenSchemaFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"broken\", \"columns\": [");
        runner.withPropertyValues("etl.schemas-location=" + dir.toUri()).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("broken.json");
        });
    }

    @Test
    void failsStartupSayingHowToAddASchemaWhenThereIsNone() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isNotNull();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Declare a dev.sseetl.schema.Schema bean")
                    .hasStackTraceContaining("etl.enabled=false");
        });
    }

    @Test
    void bindsSchemasThatNameATableToTheAppDataSource() {
        runner.withUserConfiguration(H2.class)
                .withPropertyValues("etl.schemas-location=classpath:context-schemas")
                .run(context -> assertThat(context.getBean(EtlEngine.class).schema("book_schema").target())
                        .isInstanceOf(JdbcTable.class));
    }

    @Test
    void keepsTheTargetASchemaAlreadyHas() {
        CommitTarget own = (schema, mode) -> {
            throw new UnsupportedOperationException("not committed in this test");
        };
        runner.withUserConfiguration(H2.class)
                .withBean(Schema.class, () -> Schema.named("own").table("elsewhere")
                        .column(Column.string("a")).target(own).build())
                .run(context -> assertThat(context.getBean(EtlEngine.class).schema("own").target()).isSameAs(own));
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean(destroyMethod = "shutdown")
        DataSource dataSource() {
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
        }
    }

    @Test
    void anEngineBeanOfTheAppWins() {
        try (EtlEngine own = EtlEngine.builder().schema(people()).build()) {
            runner.withBean(EtlEngine.class, () -> own).run(context ->
                    assertThat(context.getBean(EtlEngine.class)).isSameAs(own));
        }
    }

    @Test
    void appliesCustomizersInOrderAfterTheProperties() {
        runner.withUserConfiguration(Customizers.class).run(context ->
                assertThat(context.getBean(EtlEngine.class).schemas()).extracting(Schema::name)
                        .containsExactly("first", "second"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        EtlEngineCustomizer second() {
            return builder -> builder.schema(Schema.named("second").column(Column.string("b")));
        }

        @Bean
        @Order(1)
        EtlEngineCustomizer first() {
            return builder -> builder.schema(Schema.named("first").column(Column.string("a")));
        }
    }

    @Test
    void bindsEveryProperty() {
        runner.withUserConfiguration(PeopleSchema.class).withPropertyValues("etl.base-path=/imports/", "etl.limits.max-file-size=10MB",
                "etl.limits.max-rows=1000", "etl.limits.max-columns=20", "etl.limits.max-cell-length=300",
                "etl.job-threads=3", "etl.import-ttl=2h", "etl.progress-interval=250ms", "etl.sse.heartbeat=5s",
                "etl.sse.async-timeout=10m", "etl.sse.retry=3s", "etl.work-dir=/tmp/etl-work", "etl.use-application-task-executor=false").run(context -> {
            EtlProperties p = context.getBean(EtlProperties.class);
            assertThat(p.servletMapping()).isEqualTo("/imports/*");
            assertThat(p.getLimits().toLimits()).satisfies(l -> {
                assertThat(l.maxFileBytes()).isEqualTo(10L << 20);
                assertThat(l.maxRows()).isEqualTo(1000);
                assertThat(l.maxColumns()).isEqualTo(20);
                assertThat(l.maxCellLength()).isEqualTo(300);
            });
            assertThat(p.getJobThreads()).isEqualTo(3);
            assertThat(p.getImportTtl()).isEqualTo(Duration.ofHours(2));
            assertThat(p.getProgressInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(p.getSse().getHeartbeat()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.getSse().getAsyncTimeout()).isEqualTo(Duration.ofMinutes(10));
            assertThat(p.getSse().getRetry()).isEqualTo(Duration.ofSeconds(3));
            assertThat(p.getWorkDir()).isEqualTo(Path.of("/tmp/etl-work"));
            assertThat(p.isUseApplicationTaskExecutor()).isFalse();
        });
    }

    @Test
    void defaultPropertiesEqualTheEngineDefaults() {
        EtlProperties defaults = new EtlProperties();
        assertThat(defaults.getLimits().toLimits()).isEqualTo(dev.sseetl.Limits.defaults());
        EtlServletOptions servletDefaults = EtlServletOptions.defaults();
        assertThat(defaults.getSse().getHeartbeat()).isEqualTo(servletDefaults.heartbeatInterval());
        assertThat(defaults.getSse().getAsyncTimeout()).isEqualTo(servletDefaults.sseTimeout());
        assertThat(defaults.getSse().getRetry()).isEqualTo(servletDefaults.retry());
        assertThat(defaults.servletMapping()).isEqualTo("/api/etl/*");
    }

    @Test
    void theEngineEnforcesTheConfiguredFileSizeLimit() {
        runner.withUserConfiguration(PeopleSchema.class).withPropertyValues("etl.limits.max-file-size=1KB")
                .run(context -> {
                    byte[] big = ("name,email\n" + "Ada,ada@example.com\n".repeat(100)).getBytes(StandardCharsets.UTF_8);
                    assertThatThrownBy(() -> context.getBean(EtlEngine.class).upload("people",
                            new ByteArrayInputStream(big), "big.csv", Map.of(), "alice"))
                            .isInstanceOfSatisfying(ImportException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
                });
    }

    @Test
    void rejectsABasePathWithoutLeadingSlash() {
        runner.withUserConfiguration(PeopleSchema.class).withPropertyValues("etl.base-path=api/etl").run(context ->
                assertThatThrownBy(() -> context.getBean(EtlProperties.class).servletMapping())
                        .hasMessageContaining("etl.base-path must start with '/'"));
    }

    @Test
    void runsJobsOnTheApplicationTaskExecutor() {
        runner.withUserConfiguration(PeopleSchema.class)
                .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class)).run(context ->
                assertThat(context.getBean(JobRunner.class)).isInstanceOf(ExecutorJobRunner.class));
    }

    @Test
    void keepsItsOwnJobPoolWhenToldNotToUseTheAppExecutor() {
        runner.withUserConfiguration(PeopleSchema.class)
                .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withPropertyValues("etl.use-application-task-executor=false")
                .run(context -> assertThat(context).doesNotHaveBean(JobRunner.class).hasSingleBean(EtlEngine.class));
    }

    @Test
    void aJobRunnerOfTheAppWins() {
        JobRunner own = new ExecutorJobRunner(Runnable::run);
        runner.withUserConfiguration(PeopleSchema.class)
                .withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withBean(JobRunner.class, () -> own)
                .run(context -> assertThat(context.getBean(JobRunner.class)).isSameAs(own));
    }

    @Test
    void warnsThatDefaultStoresKeepImportsOnThisNodeOnly(CapturedOutput output) {
        runner.withUserConfiguration(PeopleSchema.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("sse-etl keeps imports in memory on this node only")
                    .contains("ImportRepository (in memory)");
        });
    }

    @Test
    void usesTheStoreBeansOfTheAppAndStaysQuietWhenAllAreShared(CapturedOutput output) {
        InMemoryProgressStore progress = new InMemoryProgressStore();
        InMemoryImportRepository repository = new InMemoryImportRepository();
        runner.withUserConfiguration(PeopleSchema.class)
                .withBean(ProgressStore.class, () -> shared(ProgressStore.class, progress))
                .withBean(ImportRepository.class, () -> shared(ImportRepository.class, repository))
                .withBean(StagingStore.class, () -> shared(StagingStore.class, new DiskStagingStore(tempDir.resolve("staging"))))
                .withBean(FileStore.class, () -> shared(FileStore.class, new LocalFileStore(tempDir.resolve("files"))))
                .run(context -> {
                    String id = context.getBean(EtlEngine.class).upload("people", new ByteArrayInputStream(
                            "name,email\nAda,ada@example.com\n".getBytes(StandardCharsets.UTF_8)), "p.csv", Map.of(), "alice");
                    assertThat(repository.find(id)).isPresent();
                    assertThat(progress.get(id, Phase.BUFFER)).isPresent();
                    assertThat(output).doesNotContain("sse-etl keeps imports in memory");
                });
    }

    @Test
    void countsTheEnginesOwnInMemoryStoresAsNodeLocal(CapturedOutput output) {
        runner.withUserConfiguration(PeopleSchema.class)
                .withBean(ProgressStore.class, InMemoryProgressStore::new)
                .run(context -> assertThat(output).contains("ProgressStore (in memory)"));
    }

    /** A store of the app that is not one of etl-core's node-local classes (as a shared store would be). */
    private static <T> T shared(Class<T> type, T delegate) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @Test
    void anOptionsBeanOfTheAppWins() {
        EtlServletOptions own = EtlServletOptions.builder().retry(Duration.ofSeconds(9)).build();
        webRunner.withBean(EtlServletOptions.class, () -> own).run(context ->
                assertThat(context.getBean(EtlServletOptions.class)).isSameAs(own));
    }

    @Test
    void registersTheServletAtTheConfiguredBasePath() {
        webRunner.withPropertyValues("etl.base-path=/admin/imports").run(context -> {
            @SuppressWarnings("unchecked")
            ServletRegistrationBean<EtlServlet> registration =
                    context.getBean("etlServletRegistration", ServletRegistrationBean.class);
            assertThat(registration.getUrlMappings()).containsExactly("/admin/imports/*");
            assertThat(registration.getServletName()).isEqualTo("etl-servlet");
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getServlet()).isInstanceOf(EtlServlet.class);
            assertThat(registration.getMultipartConfig()).as("the servlet streams uploads itself").isNull();
        });
    }

    @Test
    void givesTheServletTheConfiguredStreamTimingAndUploadLimit() {
        webRunner.withPropertyValues("etl.sse.heartbeat=3s", "etl.sse.async-timeout=5m", "etl.sse.retry=4s",
                "etl.limits.max-file-size=5MB").run(context -> {
            EtlServletOptions options = context.getBean(EtlServletOptions.class);
            assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(options.sseTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(options.retry()).isEqualTo(Duration.ofSeconds(4));
            assertThat(options.maxUploadBytes()).isEqualTo((5L << 20) + (1 << 20));
        });
    }

    @Test
    void givesTheServletTheConfiguredUploadCapDeadlineAndRate() {
        webRunner.withPropertyValues("etl.uploads.max-concurrent=7", "etl.uploads.deadline=2m",
                "etl.uploads.min-rate=4KB", "etl.uploads.rate-window=20s").run(context -> {
            EtlServletOptions options = context.getBean(EtlServletOptions.class);
            assertThat(options.maxConcurrentUploads()).isEqualTo(7);
            assertThat(options.uploadDeadline()).isEqualTo(Duration.ofMinutes(2));
            assertThat(options.uploadMinBytesPerSecond()).isEqualTo(4096);
            assertThat(options.uploadRateWindow()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void usesTheOwnerResolverOfTheApp() {
        OwnerResolver byHeader = request -> request.getHeader("X-Tenant");
        webRunner.withBean(OwnerResolver.class, () -> byHeader).run(context ->
                assertThat(context.getBean(EtlServletOptions.class).ownerResolver()).isSameAs(byHeader));
    }

    @Test
    void aServletRegistrationOfTheAppWins() {
        webRunner.withBean("etlServletRegistration", ServletRegistrationBean.class,
                        () -> new ServletRegistrationBean<>(new EtlServlet(), "/mine/*"))
                .run(context -> assertThat(context.getBean("etlServletRegistration", ServletRegistrationBean.class)
                        .getUrlMappings()).containsExactly("/mine/*"));
    }

    @Test
    void registersNoServletOutsideAWebApplication() {
        runner.withUserConfiguration(PeopleSchema.class).run(context ->
                assertThat(context).hasSingleBean(EtlEngine.class).doesNotHaveBean(ServletRegistrationBean.class));
    }

    @Test
    void staysOffWhenDisabled() {
        webRunner.withPropertyValues("etl.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(EtlEngine.class).doesNotHaveBean(ServletRegistrationBean.class));
    }

    @Test
    void shipsConfigurationMetadataForIdes() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"etl.base-path\"", "\"etl.limits.max-file-size\"", "\"etl.sse.heartbeat\"",
                    "\"etl.schemas-location\"");
        }
    }
}
