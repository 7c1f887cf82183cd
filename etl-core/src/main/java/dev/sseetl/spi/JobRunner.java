package dev.sseetl.spi;

/** Runs the engine's background jobs (buffering, commit) on a bounded pool. */
public interface JobRunner extends AutoCloseable {
    /** Queues a job; {@code name} is for logs and thread names. */
    void submit(String name, Runnable job);

    /** Stops taking jobs and interrupts running ones. */
    @Override
    void close();
}
