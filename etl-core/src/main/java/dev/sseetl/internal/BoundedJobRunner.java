package dev.sseetl.internal;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.spi.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link JobRunner}: a fixed pool of daemon threads named {@code sse-etl-job-N} and a bounded queue of
 * {@value #QUEUE_CAPACITY} waiting jobs. When the queue is full, {@link #submit} fails with an {@link ImportException}
 * (INTERNAL) telling the person to try again later, so a flood of uploads cannot exhaust the heap.
 */
final class BoundedJobRunner implements JobRunner {
    static final int QUEUE_CAPACITY = 1_000;
    private static final Logger log = LoggerFactory.getLogger(BoundedJobRunner.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    BoundedJobRunner(int threads) {
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), runnable -> {
            Thread t = new Thread(runnable, "sse-etl-job-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void submit(String name, Runnable job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException | Error e) {
                    log.warn("Background job {} failed", name, e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ImportException(ErrorCode.INTERNAL,
                    "The server is busy with too many imports right now; try again in a few minutes.", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Import jobs still running 5 s after the engine was closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
