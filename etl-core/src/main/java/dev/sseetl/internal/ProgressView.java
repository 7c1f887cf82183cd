package dev.sseetl.internal;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.Summary;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.Subscription;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** What a client sees of a phase's progress: the latest snapshot, or what stands for it, and then every change. */
final class ProgressView {
    private final ImportStores stores;
    private final AtomicInteger open = new AtomicInteger();

    ProgressView(ImportStores stores) {
        this.stores = stores;
    }

    /**
     * Subscribes the listener and hands it the current snapshot; it sees versions in order, each once. Counted as
     * open (see {@link #openSubscriptions()}) until closed.
     */
    Subscription subscribe(ImportJob job, Phase phase, ProgressListener listener) {
        OrderedListener ordered = new OrderedListener(listener);
        Subscription subscription = stores.progress().subscribe(job.id(), phase, ordered);
        open.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        Subscription counted = () -> {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                subscription.close();
            }
        };
        try {
            ordered.onProgress(current(job, phase));
        } catch (RuntimeException | Error e) {
            counted.close();
            throw e;
        }
        return counted;
    }

    /** The subscriptions not closed yet: every SSE progress stream of the servlet holds one while it is open. */
    int openSubscriptions() {
        return open.get();
    }

    /**
     * Waits for the phase to end, on a subscription (no polling): returns its final snapshot (Completed, Failed or
     * Cancelled), at once when it has already ended.
     *
     * @throws ImportException CONFLICT when it has not ended within the timeout (the import keeps running), INTERNAL
     *                         when the waiting thread is interrupted (its interrupt flag is set again)
     */
    ProgressSnapshot awaitEnd(ImportJob job, Phase phase, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, got " + timeout);
        }
        CompletableFuture<ProgressSnapshot> end = new CompletableFuture<>();
        try (Subscription ignored = subscribe(job, phase, snapshot -> {
            if (snapshot.status().isFinal()) {
                end.complete(snapshot);
            }
        })) {
            return end.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ProgressSnapshot now = current(job, phase);
            throw ImportException.conflict("Import " + job.id() + ": the " + phase.wireName()
                    + " phase did not end within " + timeout + "; it is " + now.status().label() + " (" + now.processed()
                    + " of " + now.total() + " rows). Wait longer, or cancel the import.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.INTERNAL, "Interrupted while waiting for the " + phase.wireName()
                    + " phase of import " + job.id() + " to end.", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the listener never completes exceptionally", e);
        }
    }

    /** The latest snapshot of the phase, or what stands for it before the phase started (or when it never will). */
    ProgressSnapshot current(ImportJob job, Phase phase) {
        return stores.progress().get(job.id(), phase).orElseGet(() -> {
            ImportJob now = stores.repository().find(job.id()).orElse(job);
            Summary staged = phase == Phase.COMMIT ? stores.staging().summary(job.id()) : Summary.EMPTY;
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
