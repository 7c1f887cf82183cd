package dev.sseetl.progress;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link ProgressStore}: the latest snapshot of each import and phase in memory, with listeners told of
 * every change on the storing thread, so nothing polls. Versions increase per import across both phases. Stores and
 * notifications of one import are serialised, so a listener never sees an older version after a newer one; listeners
 * are told in the order they subscribed, and subscribing never waits for other subscribers. A listener
 * that throws is logged and skipped; the others and the storing thread are not affected. Suits one node; several
 * nodes need a shared store.
 */
public final class InMemoryProgressStore implements ProgressStore {
    private static final Logger log = LoggerFactory.getLogger(InMemoryProgressStore.class);

    private final Map<String, ImportProgress> imports = new ConcurrentHashMap<>();

    @Override
    public ProgressSnapshot put(ProgressSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        ImportProgress progress = imports.computeIfAbsent(snapshot.importId(), id -> new ImportProgress());
        return progress.put(snapshot);
    }

    @Override
    public Optional<ProgressSnapshot> get(String importId, Phase phase) {
        ImportProgress progress = imports.get(importId);
        return progress == null ? Optional.empty() : progress.get(phase);
    }

    @Override
    public Subscription subscribe(String importId, Phase phase, ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        ImportProgress progress = imports.computeIfAbsent(importId, id -> new ImportProgress());
        ConcurrentSkipListMap<Long, ProgressListener> listeners = progress.listeners.get(phase);
        Long key = progress.subscriptions.incrementAndGet();
        listeners.put(key, listener);
        return () -> listeners.remove(key);
    }

    @Override
    public void delete(String importId) {
        imports.remove(importId);
    }

    private static final class ImportProgress {
        private final Map<Phase, ProgressSnapshot> latest = new EnumMap<>(Phase.class);
        // Listeners by subscription number: adding and removing one is O(log n) without a shared lock (thousands of
        // streams subscribe at once), and they are told in the order they subscribed.
        private final Map<Phase, ConcurrentSkipListMap<Long, ProgressListener>> listeners = new EnumMap<>(Phase.class);
        private final AtomicLong subscriptions = new AtomicLong();
        private long version;

        ImportProgress() {
            for (Phase phase : Phase.values()) {
                listeners.put(phase, new ConcurrentSkipListMap<>());
            }
        }

        synchronized ProgressSnapshot put(ProgressSnapshot snapshot) {
            ProgressSnapshot stored = snapshot.withVersion(++version);
            latest.put(stored.phase(), stored);
            for (ProgressListener listener : listeners.get(stored.phase()).values()) {
                try {
                    listener.onProgress(stored);
                } catch (RuntimeException e) {
                    log.warn("A progress listener of import {} failed; the others still get updates", stored.importId(), e);
                }
            }
            return stored;
        }

        synchronized Optional<ProgressSnapshot> get(Phase phase) {
            return Optional.ofNullable(latest.get(phase));
        }
    }
}
