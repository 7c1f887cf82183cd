package dev.sseetl.internal;

import dev.sseetl.CommitResult;
import dev.sseetl.ImportJob;
import dev.sseetl.Summary;
import dev.sseetl.rules.ImportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells the host's {@link ImportListener}s what happened, once per stored transition ({@link ImportLifecycle} calls
 * it only when the repository accepted the move, which one caller wins), on one engine thread of its own in event
 * order, never on the request or job thread. A listener that throws is logged with the import id; the others still
 * hear the event. Without listeners it starts no thread.
 */
final class ImportEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImportEvents.class);

    private final List<ImportListener> listeners;
    private final ExecutorService thread;

    ImportEvents(List<ImportListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.thread = this.listeners.isEmpty() ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sse-etl-import-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** No listener at all. */
    static ImportEvents none() {
        return new ImportEvents(List.of());
    }

    void buffered(ImportJob job, Supplier<Summary> summary) {
        fire(job, "buffered", () -> {
            Summary s = summary.get();
            return listener -> listener.buffered(job, s);
        });
    }

    void committed(ImportJob job, CommitResult result) {
        fire(job, "committed", () -> listener -> listener.committed(job, result));
    }

    void failed(ImportJob job, String message) {
        fire(job, "failed", () -> listener -> listener.failed(job, message));
    }

    void cancelled(ImportJob job, String reason) {
        fire(job, "cancelled", () -> listener -> listener.cancelled(job, reason));
    }

    private void fire(ImportJob job, String event, Supplier<Consumer<ImportListener>> call) {
        if (thread == null) {
            return;
        }
        try {
            thread.execute(() -> {
                Consumer<ImportListener> each;
                try {
                    each = call.get();
                } catch (RuntimeException e) {
                    log.warn("Import {}: could not prepare the {} event for the listeners", job.id(), event, e);
                    return;
                }
                for (ImportListener listener : listeners) {
                    try {
                        each.accept(listener);
                    } catch (RuntimeException e) {
                        log.warn("Import {}: the listener {} threw on the {} event", job.id(), listener, event, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Import {}: the engine is closed; the {} event is not delivered", job.id(), event);
        }
    }

    /** Delivers the events already fired (waiting up to 10 s), then stops the thread. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
