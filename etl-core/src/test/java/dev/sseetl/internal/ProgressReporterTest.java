package dev.sseetl.internal;

import dev.sseetl.CommitResult;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.progress.InMemoryProgressStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {
    private final InMemoryProgressStore store = new InMemoryProgressStore();
    private final List<ProgressSnapshot> stored = new CopyOnWriteArrayList<>();

    {
        store.subscribe("imp", Phase.BUFFER, stored::add);
    }

    @Test
    void coalescesAFastStreamOfUpdatesButAlwaysStoresTheEnd() {
        ProgressReporter reporter = new ProgressReporter(store, "imp", Phase.BUFFER, Duration.ofHours(1), () -> 1_000);
        reporter.start();
        for (int i = 1; i <= 1_000; i++) {
            reporter.update(i, i, 0);
        }
        reporter.completed(null);
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).processed()).isZero();
        assertThat(stored.get(0).total()).isEqualTo(1_000);
        assertThat(stored.get(1).status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(stored.get(1).processed()).isEqualTo(1_000);
        assertThat(stored.get(1).valid()).isEqualTo(1_000);
    }

    @Test
    void storesEveryUpdateWithAZeroInterval() {
        ProgressReporter reporter = new ProgressReporter(store, "imp", Phase.BUFFER, Duration.ZERO, () -> -1);
        reporter.start();
        for (int i = 1; i <= 10; i++) {
            reporter.update(i, i - 1, 1);
        }
        assertThat(stored).hasSize(11);
        assertThat(stored.get(10).invalid()).isEqualTo(1);
    }

    @Test
    void processedNeverGoesDownAndTotalNeverFallsBelowIt() {
        AtomicLong estimate = new AtomicLong(5);
        ProgressReporter reporter = new ProgressReporter(store, "imp", Phase.BUFFER, Duration.ZERO, estimate::get);
        reporter.start();
        reporter.update(10, 10, 0);
        reporter.update(4, 4, 0);
        estimate.set(50);
        reporter.update(20, 20, 0);
        estimate.set(-1);
        reporter.update(21, 21, 0);
        assertThat(stored).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(stored).allSatisfy(s -> assertThat(s.total()).isGreaterThanOrEqualTo(s.processed()));
        assertThat(stored.get(stored.size() - 1).total()).isEqualTo(50);
    }

    @Test
    void theCompletedTotalEqualsProcessedEvenWhenTheEstimateWasOff() {
        ProgressReporter reporter = new ProgressReporter(store, "imp", Phase.BUFFER, Duration.ZERO, () -> 900);
        reporter.start();
        reporter.update(700, 690, 10);
        ProgressSnapshot end = reporter.completed(new CommitResult(690, 0, 10, 0, 1, null, null));
        assertThat(end.total()).isEqualTo(700);
        assertThat(end.processed()).isEqualTo(700);
        assertThat(end.result().inserted()).isEqualTo(690);
    }

    @Test
    void failureAndCancelCarryTheirMessage() {
        ProgressReporter reporter = new ProgressReporter(store, "imp", Phase.BUFFER, Duration.ofHours(1), () -> 10);
        reporter.start();
        reporter.update(3, 3, 0);
        assertThat(reporter.failed("Line 4: bad quote", null))
                .extracting(ProgressSnapshot::status, ProgressSnapshot::message, ProgressSnapshot::processed)
                .containsExactly(ProgressStatus.FAILED, "Line 4: bad quote", 3L);
        assertThat(reporter.cancelled("The import was cancelled.", null).status()).isEqualTo(ProgressStatus.CANCELLED);
    }
}
