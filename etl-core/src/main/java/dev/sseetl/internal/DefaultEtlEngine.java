package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.EngineHealth;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.ImportStatus;
import dev.sseetl.Phase;
import dev.sseetl.Preview;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.Replacement;
import dev.sseetl.RowEdit;
import dev.sseetl.RowFilter;
import dev.sseetl.Summary;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReaders;
import dev.sseetl.report.ErrorReportWriter;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.ImportAccessPolicy;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.spi.Subscription;
import dev.sseetl.template.TemplateWriter;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.LocalFileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The engine behind {@link EtlEngine#builder()}: a table of contents of its collaborators. Schemas are the
 * {@link SchemaRegistry}'s, every state change the {@link ImportLifecycle}'s, running jobs the {@link RunningJobs}',
 * expiry the {@link ExpirySweeper}'s; {@link BufferingJob} and {@link CommitJob} get what they need in a
 * {@link JobContext}. Built with {@link #create(EngineSettings)}; see {@link EtlEngine} for what each call promises.
 * Internal: hosts use the builder.
 */
public final class DefaultEtlEngine implements EtlEngine {
    /** Upload metadata key naming the CSV file's character set (default strict UTF-8). */
    public static final String CHARSET_FIELD = UploadFields.CHARSET_FIELD;
    /** Upload metadata key naming the XLSX sheet to read (default the first). */
    public static final String SHEET_FIELD = UploadFields.SHEET_FIELD;
    /** Largest preview page. */
    public static final int MAX_PAGE_SIZE = 500;

    private static final Logger log = LoggerFactory.getLogger(DefaultEtlEngine.class);

    private final EngineSettings settings;
    private final SchemaRegistry schemas;
    private final WorkDirectory work;
    private final ImportStores stores;
    private final ImportEvents events;
    private final ImportLifecycle lifecycle;
    private final RunningJobs jobs;
    private final JobContext jobContext;
    private final ProgressView progressView;
    private final EngineMetrics metrics;
    private final ExpirySweeper sweeper;
    private final JobHeartbeats heartbeats;
    private final JobRunner runner;
    private final boolean ownsRunner;
    /** The durable runner of buffering and commit, or null: jobs run on {@link #runner}. */
    private final ScheduledJobRunner durable;
    private final ImportAccessPolicy accessPolicy;
    private volatile boolean closed;
    // read by the tests of this package
    final Path workDirectory;
    final ProgressStore progress;
    final ImportRepository repository;

    private DefaultEtlEngine(EngineSettings settings, SchemaRegistry schemas) {
        this.settings = settings;
        this.schemas = schemas;
        this.work = WorkDirectory.of(settings.workDirectory());
        this.stores = ImportStores.withDefaults(settings, work.path());
        this.events = new ImportEvents(settings.listeners());
        this.lifecycle = new ImportLifecycle(stores, settings.clock(), new StoreRetry(settings.clock()), events);
        ProgressReporter.Factory reporters = new ProgressReporter.Factory(stores.progress(), settings.progressInterval());
        this.jobs = new RunningJobs(stores.repository(), lifecycle, reporters);
        this.progressView = new ProgressView(stores);
        this.metrics = EngineMetrics.of(settings.meterRegistry(), jobs::count, progressView::openSubscriptions);
        this.jobContext = new JobContext(stores, lifecycle, reporters, jobs, metrics);
        this.ownsRunner = settings.jobRunner() == null;
        this.runner = ownsRunner ? new BoundedJobRunner(settings.jobThreads()) : settings.jobRunner();
        this.accessPolicy = settings.accessPolicy();
        this.workDirectory = work.path();
        this.progress = stores.progress();
        this.repository = stores.repository();
        removeLeftovers();
        this.sweeper = new ExpirySweeper(stores, settings.clock(), settings.importTtl()).start();
        this.durable = settings.durableJobs() == null ? null
                : new ScheduledJobRunner(settings.durableJobs(), settings.jobThreads(), this::runScheduled);
        this.heartbeats = new JobHeartbeats(stores, lifecycle, jobs, settings.clock(), settings.heartbeat(),
                durable == null ? id -> false : durable::scheduled).start();
    }

    /**
     * Deletes what an earlier process of the same work folder left after a crash: uploads of imports that no longer
     * run, staging files nobody can read any more (the default stores only), and the temp work folders of dead
     * processes. Imports that were running are ended by the {@link JobHeartbeats} once they are silent long enough.
     */
    private void removeLeftovers() {
        WorkDirectory.removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
        int files = 0;
        int staged = 0;
        if (settings.fileStore() == null && stores.files() instanceof LocalFileStore local) {
            files = local.removeLeftovers(id -> stores.repository().find(id)
                    .map(job -> job.state().isRunning()).orElse(false));
        }
        if (settings.stagingStore() == null && stores.staging() instanceof DiskStagingStore disk) {
            staged = disk.removeLeftovers();
        }
        if (files + staged > 0) {
            log.info("Deleted {} uploads and {} staging files an earlier process left in {}", files, staged,
                    work.path());
        }
    }

    /**
     * Builds an engine from what the builder collected: loads schema folders, checks the schemas, binds their tables
     * to the DataSource, fills in defaults.
     *
     * @throws IllegalStateException with a message saying what to fix
     */
    public static EtlEngine create(EngineSettings settings) {
        return new DefaultEtlEngine(settings,
                SchemaRegistry.of(settings.schemas(), settings.schemaDirectories(), settings.dataSource()));
    }

    // ---------------------------------------------------------------- schemas and templates

    @Override
    public List<Schema> schemas() {
        return schemas.all();
    }

    @Override
    public Schema schema(String name) {
        return schemas.get(name);
    }

    @Override
    public void writeTemplate(String schemaName, FileFormat format, OutputStream out) {
        TemplateWriter.write(schema(schemaName), format == null ? FileFormat.XLSX : format, out);
    }

    // ---------------------------------------------------------------- upload and buffering

    @Override
    public String upload(String schemaName, InputStream content, String fileName, Map<String, String> metadata,
                         String owner) {
        checkOpen();
        Schema schema = schema(schemaName);
        if (content == null) {
            throw ImportException.badRequest("No file was sent; choose a file and upload it again.");
        }
        Map<String, String> fields = metadata == null ? Map.of() : metadata;
        ReadOptions readOptions = UploadFields.readOptions(fields, settings.limits());
        String id = UploadFields.newImportId();
        stores.files().save(id, content, settings.limits().maxFileBytes());
        FileFormat format;
        try {
            format = RowReaders.detect(stores.files().localPath(id));
        } catch (RuntimeException e) {
            stores.files().delete(id);
            throw e;
        }
        Instant now = settings.clock().instant();
        ImportJob job = new ImportJob(id, schema.name(), owner, ImportJob.displayName(fileName), format, fields,
                ImportState.UPLOADED, now, now, null, null);
        stores.repository().insert(job);
        jobContext.reporters().of(id, Phase.BUFFER, () -> 0).start();
        try {
            if (durable != null) {
                durable.submit(Phase.BUFFER, id); // the node that picks it registers its job
            } else {
                runner.submit("buffer " + id,
                        new BufferingJob(jobContext, job, schema, readOptions, jobs.register(id, true)));
            }
        } catch (RuntimeException e) {
            jobs.unregister(id);
            stores.forget(id);
            throw e;
        }
        log.debug("Import {} uploaded for schema {} ({})", id, schema.name(), format);
        return id;
    }

    // ---------------------------------------------------------------- reading an import

    @Override
    public ImportStatus status(String importId, String owner) {
        ImportJob job = visible(importId, owner);
        return new ImportStatus(job, progress.get(job.id(), Phase.BUFFER).orElse(null),
                progress.get(job.id(), Phase.COMMIT).orElse(null), stores.staging().summary(job.id()));
    }

    @Override
    public Preview preview(String importId, String owner, int page, int size, RowFilter filter) {
        ImportJob job = visible(importId, owner);
        if (page < 1) {
            throw ImportException.badRequest("page must be 1 or more, got " + page + ".");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ImportException.badRequest("size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size + ".");
        }
        lifecycle.requireStaged(job, "preview");
        RowFilter rows = filter == null ? RowFilter.ALL : filter;
        return new Preview(job, schema(job.schema()), stores.staging().summary(job.id()), page, size, rows,
                stores.staging().page(job.id(), rows, page, size));
    }

    @Override
    public void writeErrorReport(String importId, String owner, FileFormat format, OutputStream out) {
        ImportJob job = visible(importId, owner);
        lifecycle.requireStaged(job, "download the error report of");
        FileFormat fmt = format != null ? format : job.format() != null ? job.format() : FileFormat.CSV;
        try (StagingStore.Cursor invalid = stores.staging().rows(job.id(), RowFilter.INVALID)) {
            ErrorReportWriter.write(schema(job.schema()), invalid, fmt, out);
        }
    }

    @Override
    public ProgressSnapshot progress(String importId, String owner, Phase phase) {
        return progressView.current(visible(importId, owner), phase);
    }

    @Override
    public Subscription subscribe(String importId, String owner, Phase phase, ProgressListener listener) {
        return progressView.subscribe(visible(importId, owner), phase, listener);
    }

    @Override
    public ProgressSnapshot awaitPhase(String importId, String owner, Phase phase, Duration timeout) {
        return progressView.awaitEnd(visible(importId, owner), phase, timeout);
    }

    // ---------------------------------------------------------------- editing staged rows

    @Override
    public RowEdit editRow(String importId, String owner, long row, Map<String, String> values) {
        ImportJob job = visible(importId, owner);
        return lifecycle.whileBuffered(job, "edited", () -> editor(job).edit(row, values));
    }

    @Override
    public Summary removeRow(String importId, String owner, long row) {
        ImportJob job = visible(importId, owner);
        return lifecycle.whileBuffered(job, "removed", () -> {
            editor(job).remove(row);
            return stores.staging().summary(job.id());
        });
    }

    @Override
    public Replacement replace(String importId, String owner, String column, String find, String replace,
                               RowFilter filter) {
        ImportJob job = visible(importId, owner);
        return lifecycle.whileBuffered(job, "changed", () -> editor(job).replace(column, find, replace, filter));
    }

    private RowEditor editor(ImportJob job) {
        return new RowEditor(stores.staging(), job.id(), schema(job.schema()));
    }

    // ---------------------------------------------------------------- commit

    @Override
    public void commit(String importId, String owner, CommitOptions options) {
        checkOpen();
        ImportJob job = visible(importId, owner);
        CommitOptions opts = options == null ? CommitOptions.defaults() : options;
        Schema schema = schema(job.schema());
        if (schema.target() == null) {
            throw ImportException.conflict("Schema '" + schema.name()
                    + "' has no commit target; set one with Schema.Builder.target(...)");
        }
        // a retry keeps the first attempt's chunk size: chunk n must hold the same rows in every attempt
        CommitOptions first = lifecycle.failedWhileCommitting(job.id())
                ? stores.repository().commitOptions(job.id()).orElse(null) : null;
        if (first != null) {
            opts = new CommitOptions(opts.mode(), first.chunkSize());
        }
        ImportJob committing = lifecycle.startCommit(job.id());
        stores.repository().saveCommitOptions(job.id(), opts);
        Summary staged = stores.staging().summary(job.id());
        long valid = staged.valid();
        jobContext.reporters().of(job.id(), Phase.COMMIT, () -> valid).start(staged.invalid());
        try {
            if (durable != null) {
                durable.submit(Phase.COMMIT, job.id()); // the node that picks it registers its job
            } else {
                runner.submit("commit " + job.id(),
                        new CommitJob(jobContext, committing, schema, opts, jobs.register(job.id(), false)));
            }
        } catch (RuntimeException e) {
            jobs.unregister(job.id());
            lifecycle.commitNotStarted(job.id(), valid);
            throw e;
        }
    }

    // ---------------------------------------------------------------- cancel, discard, expiry, close

    @Override
    public void cancel(String importId, String owner) {
        jobs.cancel(visible(importId, owner).id(), "The import was cancelled.");
    }

    @Override
    public String discard(String importId, String owner) {
        ImportJob job = visible(importId, owner);
        jobs.cancel(job.id(), "The import was discarded.");
        long stay = progress.get(job.id(), Phase.COMMIT).map(ProgressSnapshot::result)
                .map(r -> r.inserted() + r.updated()).orElse(0L);
        stores.forget(job.id());
        String message = "Import " + job.id() + " was discarded. " + (stay == 0
                ? "Nothing of it was written to the target."
                : stay + (stay == 1 ? " row" : " rows") + " committed before stay in the target: discarding does "
                  + "not delete committed rows.");
        log.info(message);
        return message;
    }

    /**
     * Runs the job of a durable execution on this node: the import's buffering (from its stored file, again from the
     * start when a dead node had begun it) or commit (after its last committed chunk). Does nothing when the import
     * ended or is gone meanwhile.
     */
    private void runScheduled(Phase phase, String id) {
        ImportJob job = stores.repository().find(id).orElse(null);
        if (job == null || closed) {
            return;
        }
        Schema schema = schema(job.schema());
        if (phase == Phase.BUFFER && (job.state() == ImportState.UPLOADED || job.state() == ImportState.BUFFERING)) {
            new BufferingJob(jobContext, job, schema, UploadFields.readOptions(job.metadata(), settings.limits()),
                    jobs.register(id, true)).run();
        } else if (phase == Phase.COMMIT && job.state() == ImportState.COMMITTING) {
            CommitOptions options = stores.repository().commitOptions(id).orElse(CommitOptions.defaults());
            new CommitJob(jobContext, job, schema, options, jobs.register(id, false)).run();
        }
    }

    /** Beats and ends silent imports once now ({@link JobHeartbeats}); tests call it with a controlled clock. */
    int endSilentImports() {
        heartbeats.beat();
        return heartbeats.endSilent();
    }

    @Override
    public EngineHealth health() {
        return EngineHealthCheck.check(work.path(), stores);
    }

    /** Runs one expiry sweep now (see {@link ExpirySweeper#sweepExpired()}); tests call it with a controlled clock. */
    int sweepExpired() {
        return sweeper.sweepExpired();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.close();
        jobs.stopAll("The server shut down before the import finished; upload the file again.");
        heartbeats.close();
        if (durable != null) {
            durable.close();
        }
        if (ownsRunner) {
            runner.close();
        }
        events.close(); // after the jobs ended, so their last events are heard
        metrics.close();
        work.close();
    }

    /** The job if the caller may see it; NOT_FOUND with one message for unknown and foreign ids. */
    private ImportJob visible(String importId, String owner) {
        return stores.repository().find(importId)
                .filter(job -> accessPolicy.mayAccess(job, owner))
                .orElseThrow(() -> ImportException.notFound(importId));
    }

    private void checkOpen() {
        if (closed) {
            throw new ImportException(ErrorCode.INTERNAL, "The import service is shutting down; try again in a moment.");
        }
    }
}
