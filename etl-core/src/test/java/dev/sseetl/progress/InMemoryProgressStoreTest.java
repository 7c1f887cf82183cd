package dev.sseetl.progress;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import dev.sseetl.testing.ProgressStoreContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryProgressStoreTest extends ProgressStoreContract {
    @Override
    protected ProgressStore createStore() {
        return new InMemoryProgressStore();
    }

    @Test
    void thousandsSubscribingAtOnceAreAllToldOfEveryChange() throws Exception {
        String id = anImportId();
        int threads = 8;
        int perThread = 2_500;
        AtomicIntegerArray heard = new AtomicIntegerArray(threads * perThread);
        List<Subscription> subscriptions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Subscription>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                futures.add(pool.submit(() -> {
                    List<Subscription> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int n = base + i;
                        mine.add(store.subscribe(id, Phase.COMMIT, s -> heard.incrementAndGet(n)));
                    }
                    return mine;
                }));
            }
            for (Future<List<Subscription>> f : futures) {
                subscriptions.addAll(f.get());
            }
        } finally {
            pool.shutdown();
        }
        store.put(processing(id, Phase.COMMIT, 1));
        store.put(processing(id, Phase.COMMIT, 2));
        for (int n = 0; n < heard.length(); n++) {
            assertThat(heard.get(n)).as("listener %d", n).isEqualTo(2);
        }
        subscriptions.forEach(Subscription::close);
        store.put(processing(id, Phase.COMMIT, 3));
        assertThat(heard.get(0)).isEqualTo(2);
    }

    @Test
    void listenersAreToldInTheOrderTheySubscribed() {
        String id = anImportId();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            store.subscribe(id, Phase.BUFFER, s -> order.add(n));
        }
        store.put(new ProgressSnapshot(id, Phase.BUFFER, 1, 10, ProgressStatus.PROCESSING, 1, 0, null, 0, null));
        assertThat(order).hasSize(100).isSorted();
    }
}
