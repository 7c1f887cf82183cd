package dev.sseetl.servlet;

import dev.sseetl.ProgressSnapshot;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.Subscription;
import dev.sseetl.sse.SseFrames;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One open progress stream. Nothing here ever blocks: the engine's listener and the heartbeat only enqueue and
 * hand the writing to the servlet's writer threads; writes are non-blocking ({@link WriteListener},
 * {@link ServletOutputStream#isReady()}), so a writer thread never waits for a client. While the client does not
 * read, only the latest snapshot is kept (older ones are replaced), so a slow client costs a few hundred bytes and
 * slows nobody else. Frames are rendered on the writer thread, once per change for all streams ({@link ProgressFrames}):
 * the job's thread only stores a reference per stream, and every stream writes the same bytes.
 */
final class SseStream implements ProgressListener, WriteListener, AsyncListener {
    private final AsyncContext context;
    private final ServletOutputStream out;
    private final Consumer<SseStream> onClose;
    private final Executor writer;
    private final ProgressFrames frames;

    private final Object lock = new Object();
    private String control = "";            // retry line and heartbeats, in order
    private ProgressSnapshot pending;       // the latest snapshot not yet written (older ones are replaced)
    private String lastData;                // data of the last frame written, to drop identical ones
    private boolean finalQueued;
    private boolean finalWritten;
    private boolean flushNeeded;
    private boolean drainScheduled;
    private boolean closed;
    private long lastQueuedNanos = System.nanoTime();
    private Subscription subscription;

    SseStream(AsyncContext context, ServletOutputStream out, long retryMillis, Executor writer, ProgressFrames frames,
              Consumer<SseStream> onClose) {
        this.context = context;
        this.writer = writer;
        this.frames = frames;
        this.out = out;
        this.onClose = onClose;
        this.control = SseFrames.retry(retryMillis);
    }

    /** Keeps the engine subscription so closing the stream releases it (closes it at once if already closed). */
    void subscribed(Subscription s) {
        boolean closeNow;
        synchronized (lock) {
            closeNow = closed;
            if (!closed) {
                subscription = s;
            }
        }
        if (closeNow) {
            s.close();
        }
    }

    /** Called by the engine on its storing thread: keeps the snapshot (replacing an unwritten one), nothing more. */
    @Override
    public void onProgress(ProgressSnapshot snapshot) {
        synchronized (lock) {
            if (closed || finalQueued) {
                return;
            }
            pending = snapshot;
            finalQueued = snapshot.status().isFinal();
            lastQueuedNanos = System.nanoTime();
        }
        scheduleDrain();
    }

    /** Called by the shared heartbeat thread: enqueues a comment when nothing was queued for {@code idleNanos}. */
    void heartbeatIfIdle(long idleNanos) {
        synchronized (lock) {
            long now = System.nanoTime();
            if (closed || finalQueued || now - lastQueuedNanos < idleNanos || !control.isEmpty()) {
                return;
            }
            control = SseFrames.comment("heartbeat");
            lastQueuedNanos = now;
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        synchronized (lock) {
            if (drainScheduled || closed) {
                return;
            }
            drainScheduled = true;
        }
        try {
            writer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            close(); // the servlet is shutting down
        }
    }

    /** Writes whatever is queued for as long as the connection accepts it without blocking. */
    private void drain() {
        boolean finished = false;
        synchronized (lock) {
            drainScheduled = false;
            if (closed) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] chunk = takeQueued();
                    if (chunk != null) {
                        out.write(chunk);
                        flushNeeded = true;
                    } else if (flushNeeded) {
                        flushNeeded = false;
                        out.flush();
                    } else {
                        finished = finalWritten;
                        break;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                finished = true; // the client left: nothing to report
            }
        }
        if (finished) {
            close();
        }
    }

    /** The next bytes to write: the control lines first, then the pending frame (shared, never modified); or null. */
    private byte[] takeQueued() {
        if (!control.isEmpty()) {
            byte[] bytes = control.getBytes(StandardCharsets.UTF_8);
            control = "";
            return bytes;
        }
        if (pending != null) {
            ProgressFrames.Frame frame = frames.of(pending);
            finalWritten = pending.status().isFinal();
            pending = null;
            String data = frame.data();
            if (!data.equals(lastData)) { // a frame identical to the last one tells the client nothing
                lastData = data;
                return frame.bytes();
            }
        }
        return null;
    }

    /** Releases the subscription and the async context; safe to call more than once, from any thread. */
    void close() {
        Subscription s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.close();
        }
        onClose.accept(this);
        try {
            context.complete();
        } catch (IllegalStateException e) {
            // already completed or timed out
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }
}
