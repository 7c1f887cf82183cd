package dev.sseetl.internal;

import dev.sseetl.Limits;
import dev.sseetl.rules.ImportListener;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportAccessPolicy;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What {@link dev.sseetl.EtlEngine.Builder} collected; null stores mean "use the default", a null DataSource "bind no
 * schema to a table", a null meter registry (a Micrometer {@code MeterRegistry}, typed Object so that this record
 * loads without Micrometer) "measure nothing". Internal.
 */
public record EngineSettings(List<Schema> schemas, List<Path> schemaDirectories, Path workDirectory, Limits limits,
                             FileStore fileStore, StagingStore stagingStore, ProgressStore progressStore,
                             ImportRepository importRepository, JobRunner jobRunner, int jobThreads,
                             ImportAccessPolicy accessPolicy, Clock clock, Duration importTtl,
                             Duration progressInterval, DataSource dataSource,
                             Duration heartbeat, Object meterRegistry,
                             dev.sseetl.DurableJobs durableJobs, List<ImportListener> listeners) {
}
