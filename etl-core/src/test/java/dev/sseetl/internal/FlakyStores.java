package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import dev.sseetl.store.InMemoryImportRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory stores, made to refuse their next N writes as a database that is down would. */
final class FlakyStores {
    private FlakyStores() {
    }

    static IllegalStateException down() {
        return new IllegalStateException("Connection refused: the database is down");
    }

    /** Fails {@link #transition} the next {@code failures} times; {@link #lostAnswers} applies it, then fails. */
    static final class Repository implements ImportRepository {
        final InMemoryImportRepository stored = new InMemoryImportRepository();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger lostAnswers = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void insert(ImportJob job) {
            stored.insert(job);
        }

        @Override
        public Optional<ImportJob> find(String importId) {
            return stored.find(importId);
        }

        @Override
        public Optional<ImportJob> transition(String importId, Set<ImportState> from, ImportState to, String message,
                                              Instant now) {
            calls.incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw down();
            }
            Optional<ImportJob> moved = stored.transition(importId, from, to, message, now);
            if (lostAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("I/O error: the connection was reset after the update");
            }
            return moved;
        }

        @Override
        public void beat(String importId, Instant now) {
            stored.beat(importId, now);
        }

        @Override
        public List<ImportJob> silentSince(Instant cutoff) {
            return stored.silentSince(cutoff);
        }

        @Override
        public void saveCommitOptions(String importId, CommitOptions options) {
            stored.saveCommitOptions(importId, options);
        }

        @Override
        public Optional<CommitOptions> commitOptions(String importId) {
            return stored.commitOptions(importId);
        }

        @Override
        public List<ImportJob> endedBefore(Instant cutoff) {
            return stored.endedBefore(cutoff);
        }

        @Override
        public void delete(String importId) {
            stored.delete(importId);
        }
    }

    /** Fails {@link #put} the next {@code failures} times. */
    static final class Progress implements ProgressStore {
        final InMemoryProgressStore stored = new InMemoryProgressStore();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public ProgressSnapshot put(ProgressSnapshot snapshot) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw down();
            }
            return stored.put(snapshot);
        }

        @Override
        public Optional<ProgressSnapshot> get(String importId, Phase phase) {
            return stored.get(importId, phase);
        }

        @Override
        public Subscription subscribe(String importId, Phase phase, ProgressListener listener) {
            return stored.subscribe(importId, phase, listener);
        }

        @Override
        public void delete(String importId) {
            stored.delete(importId);
        }
    }
}
