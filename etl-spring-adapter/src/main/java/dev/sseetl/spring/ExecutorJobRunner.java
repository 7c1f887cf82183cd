package dev.sseetl.spring;

import dev.sseetl.spi.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs the engine's jobs on an executor the application owns (Spring Boot's {@code applicationTaskExecutor}).
 * Closing it stops taking jobs and interrupts the jobs it started, but leaves the executor itself to Spring.
 */
final class ExecutorJobRunner implements JobRunner {
    private static final Logger log = LoggerFactory.getLogger(ExecutorJobRunner.class);

    private final Executor executor;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ExecutorJobRunner(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void submit(String name, Runnable job) {
        if (closed) {
            throw new IllegalStateException("the import engine is shutting down and takes no new job (" + name + ")");
        }
        executor.execute(() -> run(name, job));
    }

    private void run(String name, Runnable job) {
        if (closed) {
            return;
        }
        Thread thread = Thread.currentThread();
        running.add(thread);
        try {
            job.run();
        } catch (RuntimeException e) {
            log.error("Import job {} failed", name, e);
        } finally {
            running.remove(thread);
            // Do not leak our interrupt to the next task of a pooled thread.
            Thread.interrupted();
        }
    }

    @Override
    public void close() {
        closed = true;
        running.forEach(Thread::interrupt);
    }
}
