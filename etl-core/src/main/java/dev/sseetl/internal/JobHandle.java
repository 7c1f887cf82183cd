package dev.sseetl.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The hand-shake between a background job and whoever cancels it. A job calls {@link #begin()} first (false: it was
 * cancelled while queued, do nothing) and {@link #end()} last. {@link #cancel} tells whether the job is running and
 * will therefore clean up itself; otherwise the canceller cleans up.
 */
final class JobHandle {
    private final boolean interruptible;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile String reason;
    private Thread thread;
    private boolean started;
    private boolean finished;

    /** @param interruptible whether cancel may interrupt the job's thread (not while it talks to a database) */
    JobHandle(boolean interruptible) {
        this.interruptible = interruptible;
    }

    synchronized boolean begin() {
        if (cancelled) {
            finished = true;
            ended.countDown();
            return false;
        }
        started = true;
        thread = Thread.currentThread();
        return true;
    }

    /**
     * Asks the job to stop.
     *
     * @return true when the job runs now and will clean up after itself
     */
    synchronized boolean cancel(String why) {
        boolean first = !cancelled;
        if (first) {
            reason = why;
        }
        cancelled = true;
        if (started && !finished) {
            if (interruptible && first) {
                thread.interrupt(); // once only, so {@link #clearInterrupt()} clears it for good
            }
            return true;
        }
        return false;
    }

    /**
     * Called by the job once it saw the cancel: clears the interrupt so that its clean-up (deleting files, storing the
     * Cancelled snapshot, listeners writing to clients) runs on a thread that is not interrupted.
     */
    synchronized void clearInterrupt() {
        Thread.interrupted();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Why it was cancelled, for the person importing. */
    String reason() {
        return reason;
    }

    void end() {
        synchronized (this) {
            finished = true;
            thread = null;
        }
        Thread.interrupted(); // a late cancel must not leak an interrupt into the pool's next job
        ended.countDown();
    }

    boolean awaitEnd(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
