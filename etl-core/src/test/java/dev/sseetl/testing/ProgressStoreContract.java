package dev.sseetl.testing;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link ProgressStore} promises. Extend it with {@link #createStore()} returning a fresh store.
 * Stores that notify asynchronously (through Redis, say) still pass: assertions on listeners wait up to a few seconds.
 */
public abstract class ProgressStoreContract {
    protected ProgressStore store;

    /** A new store with no progress in it. */
    protected abstract ProgressStore createStore();

    /** Releases the store after each test. */
    protected void closeStore(ProgressStore store) {
    }

    @BeforeEach
    void createTheStore() {
        store = createStore();
    }

    @AfterEach
    void closeTheStore() {
        closeStore(store);
    }

    protected static String anImportId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    protected static ProgressSnapshot processing(String id, Phase phase, long processed) {
        return new ProgressSnapshot(id, phase, processed, 1_000, ProgressStatus.PROCESSING, processed, 0, null, 0, null);
    }

    @Test
    void keepsTheLatestSnapshotOfEachPhase() {
        String id = anImportId();
        store.put(processing(id, Phase.BUFFER, 10));
        store.put(processing(id, Phase.BUFFER, 20));
        store.put(processing(id, Phase.COMMIT, 5));
        assertThat(store.get(id, Phase.BUFFER)).get().extracting(ProgressSnapshot::processed).isEqualTo(20L);
        assertThat(store.get(id, Phase.COMMIT)).get().extracting(ProgressSnapshot::processed).isEqualTo(5L);
        assertThat(store.get(anImportId(), Phase.BUFFER)).isEmpty();
    }

    @Test
    void versionsIncreaseWithEveryChangeOfAnImportAcrossPhases() {
        String id = anImportId();
        long v1 = store.put(processing(id, Phase.BUFFER, 1)).version();
        long v2 = store.put(processing(id, Phase.COMMIT, 1)).version();
        long v3 = store.put(processing(id, Phase.BUFFER, 2)).version();
        assertThat(v1).isPositive();
        assertThat(v2).isGreaterThan(v1);
        assertThat(v3).isGreaterThan(v2);
        assertThat(store.get(id, Phase.BUFFER)).get().extracting(ProgressSnapshot::version).isEqualTo(v3);
    }

    @Test
    void listenersHearEveryChangeOfTheirPhaseOnly() {
        String id = anImportId();
        List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
        try (Subscription ignored = store.subscribe(id, Phase.COMMIT, heard::add)) {
            store.put(processing(id, Phase.BUFFER, 1));
            store.put(processing(id, Phase.COMMIT, 2));
            store.put(processing(anImportId(), Phase.COMMIT, 3));
            store.put(processing(id, Phase.COMMIT, 4));
            await().untilAsserted(() -> assertThat(heard).extracting(ProgressSnapshot::processed).containsExactly(2L, 4L));
            assertThat(heard).allSatisfy(s -> assertThat(s.version()).isPositive());
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() throws InterruptedException {
        String id = anImportId();
        List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
        Subscription subscription = store.subscribe(id, Phase.BUFFER, heard::add);
        store.put(processing(id, Phase.BUFFER, 1));
        await().until(() -> heard.size() == 1);
        subscription.close();
        subscription.close();
        store.put(processing(id, Phase.BUFFER, 2));
        List<ProgressSnapshot> control = new CopyOnWriteArrayList<>();
        try (Subscription ignored = store.subscribe(id, Phase.BUFFER, control::add)) {
            store.put(processing(id, Phase.BUFFER, 3));
            await().until(() -> control.size() == 1);
        }
        assertThat(heard).hasSize(1);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheStore() {
        String id = anImportId();
        List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
        try (Subscription bad = store.subscribe(id, Phase.BUFFER, s -> {
            throw new IllegalStateException("listener bug");
        }); Subscription good = store.subscribe(id, Phase.BUFFER, heard::add)) {
            ProgressSnapshot stored = store.put(processing(id, Phase.BUFFER, 1));
            assertThat(stored.processed()).isEqualTo(1);
            store.put(processing(id, Phase.BUFFER, 2));
            await().until(() -> heard.size() == 2);
        }
    }

    @Test
    void deletingForgetsTheImportsSnapshots() {
        String id = anImportId();
        String other = anImportId();
        store.put(processing(id, Phase.BUFFER, 1));
        store.put(processing(id, Phase.COMMIT, 1));
        store.put(processing(other, Phase.BUFFER, 1));
        store.delete(id);
        store.delete(id);
        assertThat(store.get(id, Phase.BUFFER)).isEmpty();
        assertThat(store.get(id, Phase.COMMIT)).isEmpty();
        assertThat(store.get(other, Phase.BUFFER)).isPresent();
    }

    @Test
    void aListenerNeverHearsAnOlderVersionAfterANewerOne() throws Exception {
        String id = anImportId();
        List<Long> versions = Collections.synchronizedList(new ArrayList<>());
        try (Subscription ignored = store.subscribe(id, Phase.BUFFER, s -> versions.add(s.version()))) {
            int threads = 4;
            int each = 250;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread writer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        store.put(processing(id, Phase.BUFFER, i));
                    }
                });
                writer.start();
                writers.add(writer);
            }
            go.countDown();
            for (Thread writer : writers) {
                writer.join();
            }
            await().until(() -> versions.size() == threads * each);
            synchronized (versions) {
                assertThat(versions).isSorted().doesNotHaveDuplicates();
            }
        }
    }
}
