package dev.sseetl.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One upload body arriving by non-blocking reads into a temporary file: no thread waits on the client. When the body
 * is complete the file goes to the {@link Uploads} workers to be parsed; a body over {@code maxUploadBytes}, an upload
 * past its deadline or below the minimum rate is cut with the connection closed. The temporary file is deleted in
 * every case.
 */
final class UploadSpool implements ReadListener {
    private static final Logger log = LoggerFactory.getLogger(EtlServlet.class);

    /** What the workers do with a complete body; answers the request (not yet completed). */
    @FunctionalInterface
    interface Handler {
        void handle(Path body) throws IOException;
    }

    private final AsyncContext context;
    private final ServletInputStream in;
    private final Path file;
    private final OutputStream out;
    private final long maxBytes;
    private final Uploads uploads;
    private final Handler handler;
    private final byte[] buffer = new byte[16 * 1024];
    final long started = System.nanoTime();
    private volatile long received;
    private long windowStart = started;
    private long windowBytes;
    private boolean finished;

    UploadSpool(AsyncContext context, Path file, long maxBytes, Uploads uploads, Handler handler) throws IOException {
        this.context = context;
        this.in = context.getRequest().getInputStream();
        this.file = file;
        this.out = Files.newOutputStream(file);
        this.maxBytes = maxBytes;
        this.uploads = uploads;
        this.handler = handler;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            synchronized (this) {
                if (finished) {
                    return;
                }
                received += n;
                if (received > maxBytes) {
                    cut(413);
                    return;
                }
                out.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void onAllDataRead() {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            try {
                out.close();
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
        uploads.work(() -> {
            try {
                handler.handle(file);
            } catch (IOException e) {
                log.debug("sse-etl: the upload's answer could not be written", e);
            } finally {
                end();
            }
        });
    }

    @Override
    public void onError(Throwable t) {
        log.debug("sse-etl: an upload stopped arriving", t);
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            uploads.answer(context, 400); // a body cut short; the client may still read the answer
        }
        end();
    }

    private void fail(IOException e) {
        finished = true;
        log.warn("sse-etl: an upload could not be stored in {}", file, e);
        uploads.answer(context, 500);
        end();
    }

    /**
     * Called by the {@link Uploads} clock: cuts the upload with 408 when it is past {@code deadlineNanos} or sent less
     * than {@code minBytes} over the last {@code windowNanos}. Returns whether it is over.
     */
    synchronized boolean check(long now, long deadlineNanos, long windowNanos, long minBytes) {
        if (finished) {
            return true;
        }
        if (now - started > deadlineNanos) {
            cut(408);
            return true;
        }
        if (now - windowStart >= windowNanos) {
            if (received - windowBytes < minBytes) {
                cut(408);
                return true;
            }
            windowStart = now;
            windowBytes = received;
        }
        return false;
    }

    /** Ends the upload now with this status, closing the connection. Holds the lock. */
    private void cut(int status) {
        finished = true;
        try {
            out.close();
        } catch (IOException e) {
            log.debug("sse-etl: closing a cut upload's file", e);
        }
        uploads.answer(context, status);
        end();
    }

    /** Completes the exchange, deletes the file and frees the upload's place. */
    private void end() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("sse-etl: could not delete the temporary upload {}", file, e);
        }
        try {
            context.complete();
        } catch (IllegalStateException e) {
            log.debug("sse-etl: the upload's exchange was already over", e);
        }
        uploads.release(this);
    }
}
