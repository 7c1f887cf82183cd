package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
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
import dev.sseetl.ProgressStatus;
import dev.sseetl.RowFilter;
import dev.sseetl.Summary;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReaders;
import dev.sseetl.report.ErrorReportWriter;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportAccessPolicy;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.JobRunner;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.spi.Subscription;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;
import dev.sseetl.template.TemplateWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The engine behind {@link EtlEngine#builder()}. Built with {@link #create(EngineSettings)}, which fills in the
 * default stores; see {@link EtlEngine} for what each call promises. Internal: hosts use the builder.
 */
public final class DefaultEtlEngine implements EtlEngine {
    /** Upload metadata key naming the CSV file's character set (default strict UTF-8). */
    public static final String CHARSET_FIELD = "charset";
    /** Upload metadata key naming the XLSX sheet to read (default the first). */
    public static final String SHEET_FIELD = "sheet";
    /** Largest preview page. */
    public static final int MAX_PAGE_SIZE = 500;

    static final Set<ImportState> RUNNING = EnumSet.of(ImportState.UPLOADED, ImportState.BUFFERING,
            ImportState.COMMITTING);
    private static final Logger log = LoggerFactory.getLogger(DefaultEtlEngine.class);
    private static final Set<ImportState> STAGED = EnumSet.of(ImportState.BUFFERED, ImportState.COMMITTING,
            ImportState.COMMITTED);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    final Map<String, Schema> schemas;
    final Path workDirectory;
    private final boolean ownsWorkDirectory;
    final FileStore files;
    final StagingStore staging;
    final ProgressStore progress;
    final ImportRepository repository;
    private final JobRunner runner;
    private final boolean ownsRunner;
    private final ImportAccessPolicy accessPolicy;
    final Clock clock;
    final EngineSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, JobHandle> jobs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    private DefaultEtlEngine(EngineSettings settings, Map<String, Schema> schemas) {
        this.settings = settings;
        this.schemas = schemas;
        this.ownsWorkDirectory = settings.workDirectory() == null;
        try {
            this.workDirectory = ownsWorkDirectory ? Files.createTempDirectory("sse-etl-")
                    : Files.createDirectories(settings.workDirectory());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the engine's work folder "
                    + (ownsWorkDirectory ? "in " + System.getProperty("java.io.tmpdir") : settings.workDirectory())
                    + "; set a writable one with EtlEngine.builder().workDirectory(...).", e);
        }
        this.files = settings.fileStore() != null ? settings.fileStore() : new LocalFileStore(workDirectory.resolve("uploads"));
        this.staging = settings.stagingStore() != null ? settings.stagingStore() : new DiskStagingStore(workDirectory.resolve("staging"));
        this.progress = settings.progressStore() != null ? settings.progressStore() : new InMemoryProgressStore();
        this.repository = settings.importRepository() != null ? settings.importRepository() : new InMemoryImportRepository();
        this.ownsRunner = settings.jobRunner() == null;
        this.runner = ownsRunner ? new BoundedJobRunner(settings.jobThreads()) : settings.jobRunner();
        this.accessPolicy = settings.accessPolicy();
        this.clock = settings.clock();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-etl-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(60, settings.importTtl().toSeconds()));
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, period, period, TimeUnit.SECONDS);
    }

    /**
     * Builds an engine from what the builder collected: loads schema folders, checks the schemas, fills in defaults.
     *
     * @throws IllegalStateException with a message saying what to fix
     */
    public static EtlEngine create(EngineSettings settings) {
        Map<String, Schema> byName = new LinkedHashMap<>();
        List<Schema> all = new ArrayList<>(settings.schemas());
        for (Path dir : settings.schemaDirectories()) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("Schema folder " + dir.toAbsolutePath()
                        + " does not exist or is not a folder; create it or fix the path given to schemasFrom(...).");
            }
            all.addAll(SchemaLoader.fromDirectory(dir));
        }
        for (Schema schema : all) {
            if (byName.putIfAbsent(schema.name(), schema) != null) {
                throw new IllegalStateException("Schema '" + schema.name()
                        + "' is registered twice; give every schema its own name.");
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException(
                    "No schema registered. Add one with EtlEngine.builder().schema(...) or .schemasFrom(dir).");
        }
        return new DefaultEtlEngine(settings, Collections.unmodifiableMap(byName));
    }

    // ---------------------------------------------------------------- schemas and templates

    @Override
    public List<Schema> schemas() {
        return List.copyOf(schemas.values());
    }

    @Override
    public Schema schema(String name) {
        Schema schema = name == null ? null : schemas.get(name);
        if (schema == null) {
            throw ImportException.unknownSchema(name);
        }
        return schema;
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
        ReadOptions readOptions = readOptions(fields);
        String id = newImportId();
        files.save(id, content, settings.limits().maxFileBytes());
        FileFormat format;
        try {
            format = RowReaders.detect(files.localPath(id));
        } catch (RuntimeException e) {
            files.delete(id);
            throw e;
        }
        Instant now = clock.instant();
        ImportJob job = new ImportJob(id, schema.name(), owner, ImportJob.displayName(fileName), format, fields,
                ImportState.UPLOADED, now, now, null, null);
        repository.insert(job);
        JobHandle handle = new JobHandle(true);
        jobs.put(id, handle);
        new ProgressReporter(progress, id, Phase.BUFFER, settings.progressInterval(), () -> 0).start();
        try {
            runner.submit("buffer " + id, new BufferingJob(this, job, schema, readOptions, handle));
        } catch (RuntimeException e) {
            jobs.remove(id);
            forget(id);
            throw e;
        }
        log.debug("Import {} uploaded for schema {} ({})", id, schema.name(), format);
        return id;
    }

    private ReadOptions readOptions(Map<String, String> fields) {
        Charset charset = null;
        String charsetName = fields.get(CHARSET_FIELD);
        if (charsetName != null && !charsetName.isBlank()) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw ImportException.badRequest("The character set '" + charsetName
                        + "' is not known; leave it out for UTF-8 or name one such as windows-1252 or ISO-8859-1.");
            }
        }
        String sheet = fields.get(SHEET_FIELD);
        return new ReadOptions(settings.limits(), charset, sheet == null || sheet.isBlank() ? null : sheet);
    }

    private String newImportId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------- reading an import

    @Override
    public ImportStatus status(String importId, String owner) {
        ImportJob job = visible(importId, owner);
        return new ImportStatus(job, progress.get(job.id(), Phase.BUFFER).orElse(null),
                progress.get(job.id(), Phase.COMMIT).orElse(null), staging.summary(job.id()));
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
        requireStaged(job, "preview");
        RowFilter rows = filter == null ? RowFilter.ALL : filter;
        return new Preview(job, schema(job.schema()), staging.summary(job.id()), page, size, rows,
                staging.page(job.id(), rows, page, size));
    }

    @Override
    public void writeErrorReport(String importId, String owner, FileFormat format, OutputStream out) {
        ImportJob job = visible(importId, owner);
        requireStaged(job, "download the error report of");
        FileFormat fmt = format != null ? format : job.format() != null ? job.format() : FileFormat.CSV;
        try (StagingStore.Cursor invalid = staging.rows(job.id(), RowFilter.INVALID)) {
            ErrorReportWriter.write(schema(job.schema()), invalid, fmt, out);
        }
    }

    private void requireStaged(ImportJob job, String action) {
        if (STAGED.contains(job.state())) {
            return;
        }
        throw ImportException.conflict(switch (job.state()) {
            case UPLOADED, BUFFERING -> "Import " + job.id() + " is still buffering; " + action
                    + " it once buffering has completed.";
            case FAILED -> "Import " + job.id() + " failed" + (job.message() == null ? "." : ": " + job.message())
                    + (job.message() != null && job.message().toLowerCase(Locale.ROOT).contains("again") ? ""
                    : " Upload the corrected file again.");
            default -> "Import " + job.id() + " was cancelled; upload the file again.";
        });
    }

    @Override
    public ProgressSnapshot progress(String importId, String owner, Phase phase) {
        return current(visible(importId, owner), phase);
    }

    @Override
    public Subscription subscribe(String importId, String owner, Phase phase, ProgressListener listener) {
        ImportJob job = visible(importId, owner);
        OrderedListener ordered = new OrderedListener(listener);
        Subscription subscription = progress.subscribe(job.id(), phase, ordered);
        ordered.onProgress(current(job, phase));
        return subscription;
    }

    /** The latest snapshot of the phase, or what stands for it before the phase started (or when it never will). */
    private ProgressSnapshot current(ImportJob job, Phase phase) {
        return progress.get(job.id(), phase).orElseGet(() -> {
            ImportJob now = repository.find(job.id()).orElse(job);
            Summary staged = phase == Phase.COMMIT ? staging.summary(job.id()) : Summary.EMPTY;
            long total = staged.valid();
            if (now.state() == ImportState.FAILED || now.state() == ImportState.CANCELLED) {
                ProgressStatus end = now.state() == ImportState.FAILED ? ProgressStatus.FAILED : ProgressStatus.CANCELLED;
                return new ProgressSnapshot(job.id(), phase, 0, total, end, 0, 0, now.message(), 0, null);
            }
            // a commit skips the invalid rows from its first snapshot on
            return new ProgressSnapshot(job.id(), phase, 0, total, ProgressStatus.PROCESSING, 0, staged.invalid(), null, 0,
                    null);
        });
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
        ImportJob committing = repository.transition(job.id(), EnumSet.of(ImportState.BUFFERED),
                ImportState.COMMITTING, null, clock.instant()).orElseThrow(() -> commitRefused(job.id()));
        JobHandle handle = new JobHandle(false);
        jobs.put(job.id(), handle);
        Summary staged = staging.summary(job.id());
        long valid = staged.valid();
        new ProgressReporter(progress, job.id(), Phase.COMMIT, settings.progressInterval(), () -> valid)
                .start(staged.invalid());
        try {
            runner.submit("commit " + job.id(), new CommitJob(this, committing, schema, opts, handle));
        } catch (RuntimeException e) {
            jobs.remove(job.id());
            progress.put(ProgressSnapshot.starting(job.id(), Phase.COMMIT, valid));
            repository.transition(job.id(), EnumSet.of(ImportState.COMMITTING), ImportState.BUFFERED, null,
                    clock.instant());
            throw e;
        }
    }

    private ImportException commitRefused(String importId) {
        ImportState state = repository.find(importId).map(ImportJob::state).orElse(null);
        if (state == null) {
            return ImportException.notFound(importId);
        }
        return ImportException.conflict(switch (state) {
            case COMMITTING -> "Import " + importId + " is already committing.";
            case COMMITTED -> "Import " + importId + " is already committed.";
            case UPLOADED, BUFFERING -> "Import " + importId + " is not buffered yet; commit it once buffering has completed.";
            case FAILED -> "Import " + importId + " failed and cannot be committed; upload the file again.";
            default -> "Import " + importId + " was cancelled and cannot be committed; upload the file again.";
        });
    }

    // ---------------------------------------------------------------- cancel, discard, expiry

    @Override
    public void cancel(String importId, String owner) {
        ImportJob job = visible(importId, owner);
        cancelRunning(job.id(), "The import was cancelled.");
    }

    /** Cancels the import's job if it runs; waits briefly for the job to clean up. */
    private void cancelRunning(String id, String reason) {
        JobHandle running = stop(id, reason);
        if (running != null) {
            running.awaitEnd(CANCEL_WAIT);
        }
    }

    /**
     * Moves a running import to CANCELLED and tells its job to stop; cleans up at once when no job runs it.
     *
     * @return the handle of the job that is stopping and cleans up itself, or null
     */
    private JobHandle stop(String id, String reason) {
        ImportJob before = repository.find(id).orElse(null);
        if (before == null || !before.state().isRunning()) {
            return null;
        }
        if (repository.transition(id, RUNNING, ImportState.CANCELLED, reason, clock.instant()).isEmpty()) {
            return null; // it ended meanwhile
        }
        JobHandle handle = jobs.get(id);
        if (handle != null && handle.cancel(reason)) {
            return handle;
        }
        Phase phase = before.state() == ImportState.COMMITTING ? Phase.COMMIT : Phase.BUFFER;
        endCancelled(id, reason, new ProgressReporter(progress, id, phase, Duration.ZERO, () -> -1), null);
        return null;
    }

    @Override
    public void discard(String importId, String owner) {
        ImportJob job = visible(importId, owner);
        cancelRunning(job.id(), "The import was discarded.");
        forget(job.id());
    }

    /**
     * Deletes every import that ended more than the TTL ago (staged rows, stored file, progress, metadata). Runs every
     * minute (or every TTL when shorter); tests call it with a controlled clock.
     *
     * @return how many imports were deleted
     */
    int sweepExpired() {
        Instant cutoff = clock.instant().minus(settings.importTtl());
        int n = 0;
        for (ImportJob job : repository.endedBefore(cutoff)) {
            if (!job.state().isRunning()) {
                forget(job.id());
                n++;
            }
        }
        if (n > 0) {
            log.info("Deleted {} expired imports", n);
        }
        return n;
    }

    private void sweepQuietly() {
        try {
            sweepExpired();
        } catch (RuntimeException e) {
            log.warn("Deleting expired imports failed; trying again at the next sweep", e);
        }
    }

    /** Deletes everything the engine keeps about the import. */
    private void forget(String id) {
        staging.delete(id);
        files.delete(id);
        progress.delete(id);
        repository.delete(id);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        List<JobHandle> stopping = new ArrayList<>();
        for (String id : List.copyOf(jobs.keySet())) {
            try {
                JobHandle handle = stop(id, "The server shut down before the import finished; upload the file again.");
                if (handle != null) {
                    stopping.add(handle);
                }
            } catch (RuntimeException e) {
                log.warn("Could not stop import {} on close", id, e);
            }
        }
        stopping.forEach(handle -> handle.awaitEnd(CANCEL_WAIT));
        if (ownsRunner) {
            runner.close();
        }
        if (ownsWorkDirectory) {
            deleteRecursively(workDirectory);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the engine's work folder {}", root, e);
        }
    }

    // ---------------------------------------------------------------- shared by the jobs

    /** The job if the caller may see it; NOT_FOUND with one message for unknown and foreign ids. */
    private ImportJob visible(String importId, String owner) {
        return repository.find(importId)
                .filter(job -> accessPolicy.mayAccess(job, owner))
                .orElseThrow(() -> ImportException.notFound(importId));
    }

    private void checkOpen() {
        if (closed) {
            throw new ImportException(ErrorCode.INTERNAL, "The import service is shutting down; try again in a moment.");
        }
    }

    void jobEnded(String id, JobHandle handle) {
        jobs.remove(id, handle);
        handle.end();
    }

    /** Ends a job as FAILED (unless it was cancelled meanwhile): deletes staged rows and file, stores Failed. */
    void endFailed(String id, ImportState from, String message, ProgressReporter reporter,
                   CommitResult result) {
        if (repository.transition(id, EnumSet.of(from), ImportState.FAILED, message, clock.instant()).isEmpty()) {
            endCancelled(id, cancelReason(id), reporter, result);
            return;
        }
        reporter.failed(message, result); // before the clean-up, so a client seeing FAILED also finds the result
        staging.delete(id);
        files.delete(id);
    }

    /** Ends a job as CANCELLED: deletes staged rows and file, stores Cancelled. Safe to call twice. */
    void endCancelled(String id, String reason, ProgressReporter reporter, CommitResult result) {
        repository.transition(id, RUNNING, ImportState.CANCELLED, reason, clock.instant());
        reporter.cancelled(reason, result);
        staging.delete(id);
        files.delete(id);
        if (repository.find(id).isEmpty()) {
            progress.delete(id); // discarded while the job was stopping: keep nothing of it
        }
    }

    String cancelReason(String id) {
        JobHandle handle = jobs.get(id);
        String reason = handle == null ? null : handle.reason();
        if (reason == null) {
            reason = repository.find(id).map(ImportJob::message).orElse(null);
        }
        return reason == null ? "The import was cancelled." : reason;
    }

    /** Delivers snapshots in version order: an older or repeated version is dropped. */
    private static final class OrderedListener implements ProgressListener {
        private final ProgressListener delegate;
        private long last = -1;

        OrderedListener(ProgressListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void onProgress(ProgressSnapshot snapshot) {
            if (snapshot.version() <= last) {
                return;
            }
            last = snapshot.version();
            delegate.onProgress(snapshot);
        }
    }
}
