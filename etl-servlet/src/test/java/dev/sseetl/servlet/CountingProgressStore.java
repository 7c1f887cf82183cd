package dev.sseetl.servlet;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory store, counting the listeners registered and not yet closed (to see that streams release theirs). */
final class CountingProgressStore implements ProgressStore {
    private final ProgressStore delegate = new InMemoryProgressStore();
    private final AtomicInteger open = new AtomicInteger();

    int openSubscriptions() {
        return open.get();
    }

    @Override
    public ProgressSnapshot put(ProgressSnapshot snapshot) {
        return delegate.put(snapshot);
    }

    @Override
    public Optional<ProgressSnapshot> get(String importId, Phase phase) {
        return delegate.get(importId, phase);
    }

    @Override
    public Subscription subscribe(String importId, Phase phase, ProgressListener listener) {
        Subscription s = delegate.subscribe(importId, phase, listener);
        open.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
                s.close();
            }
        };
    }

    @Override
    public void delete(String importId) {
        delegate.delete(importId);
    }
}
