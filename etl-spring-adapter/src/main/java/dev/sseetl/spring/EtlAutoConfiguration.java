package dev.sseetl.spring;

import dev.sseetl.EtlEngine;
import dev.sseetl.schema.Schema;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.servlet.EtlServlet;
import dev.sseetl.servlet.EtlServletOptions;
import dev.sseetl.servlet.OwnerResolver;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportAccessPolicy;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Spring Boot auto-configuration of sse-etl: an {@link EtlEngine} built from the {@code etl.*} properties, every
 * {@link Schema} bean and the schema files of {@code etl.schemas-location}, and the {@link EtlServlet} registered at
 * {@code etl.base-path}. Schemas that name a {@link Schema#table() table} and have no target commit into the app's
 * {@link DataSource}. Every bean backs off when the app declares its own; {@link EtlEngineCustomizer} beans adjust
 * the engine builder. Uses only APIs that Spring Boot 3.5 and 4.0 share.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration"})
@ConditionalOnClass(EtlEngine.class)
@ConditionalOnProperty(prefix = "etl", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EtlProperties.class)
public class EtlAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EtlAutoConfiguration.class);

    /** Name of Spring Boot's auto-configured task executor. */
    static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    /** Creates the auto-configuration; Spring calls this. */
    public EtlAutoConfiguration() {
    }

    /**
     * The import engine: properties, schemas (beans, then files), store and policy beans when present, then every
     * {@link EtlEngineCustomizer}. Closed with the application context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public EtlEngine etlEngine(EtlProperties properties, ResourceLoader resourceLoader,
                               ObjectProvider<Schema> schemaBeans, ObjectProvider<DataSource> dataSource,
                               ObjectProvider<JobRunner> jobRunner, ObjectProvider<FileStore> fileStore,
                               ObjectProvider<StagingStore> stagingStore, ObjectProvider<ProgressStore> progressStore,
                               ObjectProvider<ImportRepository> importRepository,
                               ObjectProvider<ImportAccessPolicy> accessPolicy,
                               ObjectProvider<EtlEngineCustomizer> customizers) {
        EtlEngine.Builder builder = EtlEngine.builder()
                .limits(properties.getLimits().toLimits())
                .importTtl(properties.getImportTtl())
                .progressInterval(properties.getProgressInterval());
        if (properties.getWorkDir() != null) {
            builder.workDirectory(properties.getWorkDir());
        }
        if (properties.getJobThreads() != null) {
            builder.jobThreads(properties.getJobThreads());
        }
        List<Schema> schemas = schemas(properties, resourceLoader, schemaBeans);
        builder.schemas(schemas);
        DataSource database = requireDataSourceFor(schemas, dataSource);
        if (database != null) {
            builder.dataSource(database); // the engine binds the schemas that declare a table
        }
        jobRunner.ifUnique(builder::jobRunner);
        fileStore.ifUnique(builder::fileStore);
        stagingStore.ifUnique(builder::stagingStore);
        progressStore.ifUnique(builder::progressStore);
        importRepository.ifUnique(builder::importRepository);
        accessPolicy.ifUnique(builder::accessPolicy);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        EtlEngine engine;
        try {
            engine = builder.build();
        } catch (IllegalStateException e) {
            if (schemas.isEmpty()) {
                throw new EtlStartupException("sse-etl has no schema to import into: no dev.sseetl.schema.Schema "
                        + "bean, and no schema file (*.json) in etl.schemas-location (now '"
                        + properties.getSchemasLocation() + "').",
                        "Declare a dev.sseetl.schema.Schema bean, or put schema files (*.json) in "
                                + "etl.schemas-location (by default src/main/resources/etl-schemas/), or turn sse-etl "
                                + "off with etl.enabled=false.", e);
            }
            throw e;
        }
        warnAboutNodeLocalStores(progressStore, importRepository, stagingStore, fileStore);
        log.info("sse-etl engine ready with schemas {}", engine.schemas().stream().map(Schema::name).toList());
        return engine;
    }

    private static List<Schema> schemas(EtlProperties properties, ResourceLoader resourceLoader,
                                        ObjectProvider<Schema> schemaBeans) {
        List<Schema> schemas = new ArrayList<>(schemaBeans.orderedStream().toList());
        String location = properties.getSchemasLocation();
        if (location != null && !location.isBlank()) {
            List<Schema> fromFiles = SchemaResources.load(
                    ResourcePatternUtils.getResourcePatternResolver(resourceLoader), location.strip());
            if (fromFiles.isEmpty() && !location.strip().equals(new EtlProperties().getSchemasLocation())) {
                log.warn("etl.schemas-location '{}' holds no *.json schema file", location);
            }
            schemas.addAll(fromFiles);
        }
        return schemas;
    }

    /**
     * The app's DataSource (the single or primary one), which the engine binds to schemas that name a table and have
     * no target; without one, start-up fails naming those schemas, rather than their first commit.
     */
    private static DataSource requireDataSourceFor(List<Schema> schemas, ObjectProvider<DataSource> dataSources) {
        DataSource dataSource = dataSources.getIfUnique();
        List<Schema> unbound = schemas.stream().filter(EtlAutoConfiguration::needsDataSource).toList();
        if (dataSource == null && !unbound.isEmpty()) {
            long found = dataSources.stream().count();
            String names = unbound.stream().map(s -> "'" + s.name() + "' (table '" + s.table() + "')")
                    .collect(Collectors.joining(", "));
            throw new EtlStartupException("sse-etl schema " + names + " names a table but has no target, and the "
                    + "application has " + (found == 0 ? "no DataSource bean" : found + " DataSource beans and none "
                    + "is @Primary") + " to commit into.",
                    found == 0
                            ? "Give the application a DataSource (spring-boot-starter-jdbc and a JDBC driver, with "
                                    + "spring.datasource.url), or give the schema a target "
                                    + "(Schema.named(..).target(..) in a Schema bean), or remove its \"table\"."
                            : "Mark the DataSource to import into @Primary, or give the schema a target "
                                    + "(Schema.named(..).target(JdbcTable.of(dataSource, table)) in a Schema bean).",
                    null);
        }
        return dataSource;
    }

    private static boolean needsDataSource(Schema schema) {
        return schema.target() == null && schema.table() != null;
    }

    /** Warns when a store is the default one or one of the node-local implementations of etl-core. */
    private static void warnAboutNodeLocalStores(ObjectProvider<ProgressStore> progressStore,
                                                 ObjectProvider<ImportRepository> importRepository,
                                                 ObjectProvider<StagingStore> stagingStore,
                                                 ObjectProvider<FileStore> fileStore) {
        List<String> local = new ArrayList<>();
        ImportRepository repository = importRepository.getIfUnique();
        if (repository == null || repository instanceof InMemoryImportRepository) {
            local.add("ImportRepository (in memory)");
        }
        ProgressStore progress = progressStore.getIfUnique();
        if (progress == null || progress instanceof InMemoryProgressStore) {
            local.add("ProgressStore (in memory)");
        }
        StagingStore staging = stagingStore.getIfUnique();
        if (staging == null || staging instanceof DiskStagingStore) {
            local.add("StagingStore (local disk)");
        }
        FileStore files = fileStore.getIfUnique();
        if (files == null || files instanceof LocalFileStore) {
            local.add("FileStore (local disk)");
        }
        if (!local.isEmpty()) {
            log.warn("sse-etl keeps imports in memory on this node only; they are lost when the app restarts and "
                    + "other nodes behind a load balancer cannot see them. Node-local stores in use: {}. For several "
                    + "nodes, declare shared beans of these types.", String.join(", ", local));
        }
    }

    /** Runs the engine's jobs on Spring Boot's application task executor, when the app has one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = APPLICATION_TASK_EXECUTOR)
    @ConditionalOnProperty(prefix = "etl", name = "use-application-task-executor", havingValue = "true",
            matchIfMissing = true)
    static class ApplicationExecutorConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JobRunner etlJobRunner(@Qualifier(APPLICATION_TASK_EXECUTOR) Executor executor) {
            return new ExecutorJobRunner(executor);
        }
    }

    /**
     * Measures the engine with the app's {@code MeterRegistry} (the single or primary one) when Micrometer is on the
     * classpath: {@code sseetl.*} counters, timer and gauges (docs/spring.md). Without Micrometer, or without a
     * registry bean, nothing is measured.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "etlMeterRegistryCustomizer")
        EtlEngineCustomizer etlMeterRegistryCustomizer(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return builder -> registry.ifUnique(builder::meterRegistry);
        }
    }

    /**
     * The Actuator health contributor {@code etl} ({@link EtlHealthIndicator}) when Spring Boot 4's health module is on
     * the classpath (spring-boot-starter-actuator brings it); {@code management.health.etl.enabled=false} turns it off.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "etlHealthIndicator")
        @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("etl")
        EtlHealthIndicator etlHealthIndicator(EtlEngine engine) {
            return new EtlHealthIndicator(engine);
        }
    }

    /** Registers the servlet in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({ServletRegistrationBean.class, EtlServlet.class})
    static class ServletConfiguration {

        /**
         * The servlet's settings: progress-stream timing from {@code etl.sse.*}, the upload size from
         * {@code etl.limits.max-file-size}, the upload cap, deadline and minimum rate from {@code etl.uploads.*}, and the app's {@link OwnerResolver} bean when it has one (by default the
         * owner is {@code request.getUserPrincipal()}, which Spring Security fills in, else {@code anonymous}).
         */
        @Bean
        @ConditionalOnMissingBean
        EtlServletOptions etlServletOptions(EtlProperties properties, ObjectProvider<OwnerResolver> ownerResolver) {
            EtlProperties.Sse sse = properties.getSse();
            EtlProperties.UploadSettings uploads = properties.getUploads();
            EtlServletOptions.Builder options = EtlServletOptions.builder()
                    .heartbeatInterval(sse.getHeartbeat())
                    .sseTimeout(sse.getAsyncTimeout())
                    .retry(sse.getRetry())
                    // The form fields besides the file are small; 1 MiB on top of the file is plenty.
                    .maxUploadBytes(properties.getLimits().getMaxFileSize().toBytes() + (1 << 20))
                    .maxConcurrentUploads(uploads.getMaxConcurrent())
                    .uploadDeadline(uploads.getDeadline())
                    .uploadMinBytesPerSecond(uploads.getMinRate().toBytes())
                    .uploadRateWindow(uploads.getRateWindow());
            OwnerResolver resolver = ownerResolver.getIfUnique();
            return (resolver == null ? options : options.ownerResolver(resolver)).build();
        }

        /**
         * The servlet at {@code etl.base-path/*}, async. No {@code MultipartConfig} on purpose: the servlet streams
         * the upload itself, and a container that parsed the body first (for a filter's getParameter) would leave it
         * nothing to read.
         */
        @Bean
        @ConditionalOnMissingBean(name = "etlServletRegistration")
        ServletRegistrationBean<EtlServlet> etlServletRegistration(EtlEngine engine, EtlServletOptions options,
                                                                   EtlProperties properties) {
            ServletRegistrationBean<EtlServlet> registration = new ServletRegistrationBean<>(
                    new EtlServlet(engine, options), properties.servletMapping());
            registration.setName("etl-servlet");
            registration.setAsyncSupported(true);
            registration.setLoadOnStartup(1);
            return registration;
        }
    }
}
