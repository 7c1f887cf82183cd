package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The uploads being received: at most {@code maxConcurrentUploads} at once (one more gets 503 with
 * {@code Retry-After}), each read without blocking into a temporary file ({@link UploadSpool}), one clock thread that
 * cuts those past the deadline or below the minimum rate with 408, and a few worker threads that parse complete
 * bodies. Closing it stops the threads.
 */
final class Uploads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EtlServlet.class);
    /** Seconds a client refused for too many uploads is asked to wait. */
    static final String RETRY_AFTER_SECONDS = "10";

    private final EtlServletOptions options;
    private final Replies replies;
    private final Path directory;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<UploadSpool> spools = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            ProgressStreams.daemon("sse-etl-upload-clock"));
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), ProgressStreams.daemon("sse-etl-upload"));

    Uploads(EtlServletOptions options, Replies replies, Path directory) {
        this.options = options;
        this.replies = replies;
        this.directory = directory;
        long window = options.uploadRateWindow().toNanos();
        long deadline = options.uploadDeadline().toNanos();
        long minBytes = options.uploadMinBytesPerSecond() == 0 ? 0
                : Math.max(1, options.uploadMinBytesPerSecond() * window / 1_000_000_000L);
        long every = Math.max(10, Math.min(1000, options.uploadRateWindow().toMillis() / 4));
        clock.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (UploadSpool s : spools) {
                try {
                    s.check(now, deadline, window, minBytes);
                } catch (RuntimeException e) {
                    log.warn("sse-etl: checking an upload's rate failed", e);
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** The folder of the temporary upload files. */
    Path directory() {
        return directory;
    }

    /** The number of uploads being received or parsed right now. */
    int size() {
        return open.get();
    }

    /**
     * Receives the request's body without blocking, then runs {@code parse} on a worker with the complete body and
     * answers with what it returns or throws. Throws 503 ({@code BUSY}) at once when {@code maxConcurrentUploads} are open.
     */
    void receive(HttpServletRequest req, HttpServletResponse resp, Parse parse) throws IOException {
        if (open.incrementAndGet() > options.maxConcurrentUploads()) {
            open.decrementAndGet();
            resp.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            throw new ImportException(ErrorCode.BUSY, "The server is receiving too many uploads right now. Try again in "
                    + RETRY_AFTER_SECONDS + " seconds.");
        }
        UploadSpool spool;
        AsyncContext context;
        try {
            Path file = Files.createTempFile(directory, "sse-etl-upload-", ".part");
            context = req.startAsync();
            context.setTimeout(0);
            spool = new UploadSpool(context, file, options.maxUploadBytes(), this, body -> {
                try (InputStream in = Files.newInputStream(body)) {
                    parse.parse(in);
                } catch (RuntimeException e) {
                    replies.failure(resp, e, "POST upload");
                }
            });
        } catch (IOException | RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        spools.add(spool);
        req.getInputStream().setReadListener(spool);
    }

    /** Parses a complete body and writes the answer; throws an {@link ImportException} to answer an error. */
    @FunctionalInterface
    interface Parse {
        void parse(InputStream body) throws IOException;
    }

    /** Runs a complete body's parse on a worker. */
    void work(Runnable task) {
        workers.execute(task);
    }

    /** Answers a cut upload with 400 (its body ended early), 408, 413 or 500 and closes the connection. */
    void answer(AsyncContext context, int status) {
        HttpServletResponse resp = (HttpServletResponse) context.getResponse();
        resp.setHeader("Connection", "close");
        try {
            if (status == 408) {
                replies.failure(resp, new ImportException(ErrorCode.TIMEOUT, "The upload arrived too slowly (it must"
                        + " finish within " + options.uploadDeadline().toSeconds() + " s and send at least "
                        + options.uploadMinBytesPerSecond() + " bytes a second). Send it again on a faster connection."),
                        "POST upload");
            } else if (status == 400) {
                replies.failure(resp, ImportException.badRequest(UploadRequest.CUT_SHORT), "POST upload");
            } else if (status == 413) {
                replies.failure(resp, UploadRequest.tooLarge(options.maxUploadBytes() + 1, options), "POST upload");
            } else {
                replies.failure(resp, new IllegalStateException("the upload could not be stored"), "POST upload");
            }
        } catch (IOException | RuntimeException e) {
            log.debug("sse-etl: could not answer a cut upload", e);
        }
    }

    /** Frees the place of an upload that is over. */
    void release(UploadSpool spool) {
        if (spools.remove(spool)) {
            open.decrementAndGet();
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        workers.shutdown();
    }
}
