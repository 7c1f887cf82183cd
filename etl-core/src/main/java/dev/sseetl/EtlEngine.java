package dev.sseetl;

import dev.sseetl.rules.ImportListener;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportAccessPolicy;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.spi.Subscription;

import javax.sql.DataSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one entry point of sse-etl: every adapter (servlet, Spring Boot) and every plain-Java user calls this.
 * Every call that names an import takes the caller's {@code owner}; an import the caller may not access is reported
 * as not found. Failures are {@link ImportException}s with an {@link ErrorCode}.
 */
public interface EtlEngine extends AutoCloseable {

    /** A builder that fills in in-memory/embedded defaults for everything not set. */
    static Builder builder() {
        return new Builder();
    }

    /** Every registered schema, in registration order. */
    List<Schema> schemas();

    /** The schema with this name; NOT_FOUND otherwise. */
    Schema schema(String name);

    /**
     * Stores an uploaded file and starts buffering it in the background. Returns once the file is stored.
     *
     * @param schemaName the schema to import into (NOT_FOUND when unknown)
     * @param content    the file's bytes; read to the end (or to the size limit, then TOO_LARGE), not closed
     * @param fileName   the client's file name as sent, for display only; kept as {@link ImportJob#displayName(String)}
     * @param metadata   extra fields sent with the upload, handed to the job
     * @param owner      who uploads; later calls must come from an owner the access policy accepts
     * @return the new import's 128-bit random id
     */
    String upload(String schemaName, InputStream content, String fileName, Map<String, String> metadata, String owner);

    /** The import's state, latest progress of both phases and staged counts. */
    ImportStatus status(String importId, String owner);

    /**
     * A page of the staged rows (BUFFERED or later). CONFLICT before buffering has ended.
     *
     * @param page   from 1
     * @param size   1 to 500
     * @param filter all, valid or invalid rows
     */
    Preview preview(String importId, String owner, int page, int size, RowFilter filter);

    /**
     * Edits one staged row as a person typed it: each value (keyed by column key; blank means empty) goes through the
     * same conversion and rules as a file's cell; values of unique columns are checked against every other row, and
     * rows that repeated the old value are checked again (the first remaining holder becomes valid).
     *
     * @param row the source row number, as the preview shows it
     * @throws ImportException NOT_FOUND for an unknown or foreign import or row, BAD_REQUEST for an unknown column key
     *                         or no values, CONFLICT unless the import is BUFFERED
     */
    RowEdit editRow(String importId, String owner, long row, Map<String, String> values);

    /**
     * Leaves one staged row out of the import (not shown, not committed, counted as removed); rows that repeated one
     * of its unique values are checked again.
     *
     * @return the counts afterwards
     * @throws ImportException NOT_FOUND for an unknown or foreign import or row, CONFLICT unless BUFFERED
     */
    Summary removeRow(String importId, String owner, long row);

    /**
     * In every staged row passing {@code filter} whose cell of {@code column} has exactly the text {@code find},
     * types {@code replace} instead (as {@link #editRow} would). Streams through the rows in batches.
     *
     * @throws ImportException NOT_FOUND for an unknown or foreign import, BAD_REQUEST for an unknown column key,
     *                         CONFLICT unless BUFFERED
     */
    Replacement replace(String importId, String owner, String column, String find, String replace, RowFilter filter);

    /**
     * Starts committing the valid rows in the background. Only from BUFFERED, atomically: a second call while
     * committing or after committed gets CONFLICT.
     */
    void commit(String importId, String owner, CommitOptions options);

    /** Stops a running buffering or commit job (within about a second); a finished import is left as it is. */
    void cancel(String importId, String owner);

    /**
     * Cancels the import if it runs, then deletes its file, staged rows, progress and metadata. Rows a commit already
     * wrote stay in the target.
     *
     * @return for the person importing: that it was discarded and how many committed rows stay in the target
     */
    String discard(String importId, String owner);

    /**
     * The latest progress of one phase. Before the phase started it is a Processing snapshot with nothing done.
     */
    ProgressSnapshot progress(String importId, String owner, Phase phase);

    /**
     * Registers a listener for one phase of one import. The listener first receives the current snapshot (see
     * {@link #progress}), then every change, on the storing thread; it must not block. Close the subscription
     * when the client leaves.
     */
    Subscription subscribe(String importId, String owner, Phase phase, ProgressListener listener);

    /**
     * Waits until one phase of the import has ended and returns its final snapshot: {@code Completed},
     * {@code Failed} (with the {@link ProgressSnapshot#message() message}) or {@code Cancelled}; the commit phase's
     * snapshot carries the {@link ProgressSnapshot#result() result}. Returns at once when the phase has already
     * ended. Waits on a {@link #subscribe subscription}, not by polling; for plain-Java callers that have no progress
     * stream to follow, e.g.
     * <pre>{@code
     * String id = engine.upload("people", in, "people.csv", Map.of(), "ada");
     * ProgressSnapshot buffered = engine.awaitPhase(id, "ada", Phase.BUFFER, Duration.ofMinutes(1));
     * engine.commit(id, "ada", CommitOptions.defaults());
     * CommitResult result = engine.awaitPhase(id, "ada", Phase.COMMIT, Duration.ofMinutes(5)).result();
     * }</pre>
     * Waiting for the commit phase before {@link #commit} was called waits for a commit that someone else starts.
     *
     * @param timeout how long to wait at most (zero: only look)
     * @return the phase's final snapshot
     * @throws ImportException NOT_FOUND for an unknown or foreign id; CONFLICT when the phase has not ended within
     *                         the timeout (the import keeps running; the message says how far it got); INTERNAL when
     *                         the waiting thread is interrupted (its interrupt flag is set again)
     */
    ProgressSnapshot awaitPhase(String importId, String owner, Phase phase, Duration timeout);

    /** Writes the schema's template (header row, example row) in the given format. */
    void writeTemplate(String schemaName, FileFormat format, OutputStream out);

    /** Writes the invalid rows with an added errors column, in the given format (null = the upload's format). */
    void writeErrorReport(String importId, String owner, FileFormat format, OutputStream out);

    /**
     * Whether this engine can work now: its work folder is writable and every store answers. Never throws; for
     * health checks (the Spring Boot adapter's Actuator {@code HealthIndicator} calls it).
     */
    EngineHealth health();

    /** Stops background jobs and releases resources. */
    @Override
    void close();

    /**
     * Builds an {@link EtlEngine}. Every setter validates its argument; {@link #build()} fills in defaults:
     * a temp-folder {@link FileStore}, an on-disk {@link StagingStore}, an in-memory {@link ProgressStore} and
     * {@link ImportRepository}, a bounded {@link JobRunner}, the owner-only {@link ImportAccessPolicy}.
     */
    final class Builder {
        private final List<Schema> schemas = new ArrayList<>();
        private final List<Path> schemaDirectories = new ArrayList<>();
        private Path workDirectory;
        private Limits limits = Limits.defaults();
        private FileStore fileStore;
        private StagingStore stagingStore;
        private ProgressStore progressStore;
        private ImportRepository importRepository;
        private JobRunner jobRunner;
        private DurableJobs durableJobs;
        private int jobThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private ImportAccessPolicy accessPolicy = ImportAccessPolicy.ownerOnly();
        private Clock clock = Clock.systemUTC();
        private Duration importTtl = Duration.ofHours(24);
        private Duration progressInterval = Duration.ofMillis(100);
        private DataSource dataSource;
        private Object meterRegistry; // an io.micrometer MeterRegistry; Object so that etl-core runs without Micrometer
        private final List<ImportListener> listeners = new ArrayList<>();
        private Duration heartbeat = Duration.ofSeconds(5);

        Builder() {
        }

        /** Registers a schema. */
        public Builder schema(Schema schema) {
            schemas.add(Objects.requireNonNull(schema, "schema"));
            return this;
        }

        /** Registers a schema. */
        public Builder schema(Schema.Builder schema) {
            return schema(schema.build());
        }

        /** Registers schemas. */
        public Builder schemas(Collection<Schema> more) {
            more.forEach(this::schema);
            return this;
        }

        /** Loads every {@code *.json} file of this directory as a schema when the engine is built. */
        public Builder schemasFrom(Path directory) {
            schemaDirectories.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /** The engine's own folder for stored files and staging (default: a new temp folder, deleted on close). */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder fileStore(FileStore store) {
            this.fileStore = Objects.requireNonNull(store, "fileStore");
            return this;
        }

        public Builder stagingStore(StagingStore store) {
            this.stagingStore = Objects.requireNonNull(store, "stagingStore");
            return this;
        }

        public Builder progressStore(ProgressStore store) {
            this.progressStore = Objects.requireNonNull(store, "progressStore");
            return this;
        }

        public Builder importRepository(ImportRepository repository) {
            this.importRepository = Objects.requireNonNull(repository, "importRepository");
            return this;
        }

        public Builder jobRunner(JobRunner runner) {
            this.jobRunner = Objects.requireNonNull(runner, "jobRunner");
            return this;
        }

        /** Threads of the default job runner (ignored when a runner is set). */
        public Builder jobThreads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("jobThreads must be greater than 0, got " + threads);
            }
            this.jobThreads = threads;
            return this;
        }

        public Builder accessPolicy(ImportAccessPolicy policy) {
            this.accessPolicy = Objects.requireNonNull(policy, "accessPolicy");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long an ended import is kept before its files, rows and progress are deleted (default 24 h). */
        public Builder importTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("importTtl must be positive, got " + ttl);
            }
            this.importTtl = ttl;
            return this;
        }

        /** Least time between two stored progress updates of one import (default 100 ms; final ones always go). */
        public Builder progressInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("progressInterval must be zero or positive, got " + interval);
            }
            this.progressInterval = interval;
            return this;
        }

        /**
         * The database that schemas declaring a {@link Schema#table() table} commit into: when the engine is built,
         * every such schema without a {@link Schema#target() target} gets {@code JdbcTable.of(dataSource, table)}.
         * Schemas that have a target keep it. Hosts (the servlet initializer, the Spring Boot adapter) pass their
         * DataSource here rather than binding tables themselves.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Measures the engine with Micrometer (optional dependency {@code io.micrometer:micrometer-core}): counters
         * {@code sseetl.imports.started/completed/failed/cancelled} and {@code sseetl.rows} per schema and phase, a
         * timer {@code sseetl.phase.duration}, gauges {@code sseetl.jobs.running} and
         * {@code sseetl.progress.subscriptions} (docs/engine.md lists the tags). Without it nothing is measured and
         * Micrometer is never loaded.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /**
         * How often each running import's job tells the repository it is alive (default 5 s). An import whose job
         * missed six beats (its node died or lost the database) is ended as FAILED by any node sharing the
         * repository, with a message saying what stays written.
         */
        public Builder jobHeartbeat(Duration interval) {
            if (interval == null || interval.toMillis() <= 0) {
                throw new IllegalArgumentException("jobHeartbeat must be positive, got " + interval);
            }
            this.heartbeat = interval;
            return this;
        }

        /**
         * Runs buffering and commit as durable db-scheduler executions (see {@link DurableJobs}) instead
         * of in memory, so that when a node dies another node sharing the stores finishes its imports: buffering starts
         * again from the stored file, a commit resumes after its last committed chunk. Use it with shared stores
         * ({@code JdbcImportRepository}, {@code PostgresProgressStore}, {@code JdbcStagingStore}, {@code JdbcFileStore});
         * {@link #jobThreads} sets the scheduler's threads. An import with an execution is never ended by the
         * {@link #jobHeartbeat} sweep: the scheduler revives it instead.
         */
        public Builder durableJobs(DurableJobs jobs) {
            this.durableJobs = Objects.requireNonNull(jobs, "durableJobs");
            return this;
        }

        /**
         * Hears every import's buffered, committed, failed and cancelled events (e.g. to notify the person or write an
         * audit log): each once, after the state change is stored, on an engine thread of its own. Several listeners
         * hear each event in the order added; one that throws is logged and changes nothing.
         */
        public Builder listener(ImportListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The engine, with defaults for everything not set; fails with a message that says what to fix. */
        public EtlEngine build() {
            return dev.sseetl.internal.DefaultEtlEngine.create(new dev.sseetl.internal.EngineSettings(
                    List.copyOf(schemas), List.copyOf(schemaDirectories), workDirectory, limits, fileStore,
                    stagingStore, progressStore, importRepository, jobRunner, jobThreads, accessPolicy, clock,
                    importTtl, progressInterval, dataSource, heartbeat, meterRegistry, durableJobs,
                    List.copyOf(listeners)));
        }
    }
}
