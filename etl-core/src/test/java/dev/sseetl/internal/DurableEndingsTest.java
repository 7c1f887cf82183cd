package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.LocalFileStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Endings that reach the stores even when the database is down for a while (written with a bounded backoff), and
 * imports whose job stopped beating ended honestly by the heartbeat sweep. A clock the test moves; stores that refuse
 * their next N writes.
 */
class DurableEndingsTest {
    @TempDir
    Path work;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final FlakyStores.Repository repository = new FlakyStores.Repository();
    private final FlakyStores.Progress progress = new FlakyStores.Progress();
    private ImportStores stores;
    private ImportLifecycle lifecycle;
    private RunningJobs jobs;
    private ProgressReporter.Factory reporters;

    @BeforeEach
    void stores() {
        stores = new ImportStores(new LocalFileStore(work.resolve("uploads")),
                new DiskStagingStore(work.resolve("staging")), progress, repository);
        StoreRetry retry = new StoreRetry(clock, d -> {
            pauses.add(d);
            clock.advance(d);
        });
        lifecycle = new ImportLifecycle(stores, clock, retry);
        reporters = new ProgressReporter.Factory(progress, Duration.ZERO);
        jobs = new RunningJobs(repository, lifecycle, reporters);
    }

    private String anImportIn(String id, ImportState state) {
        repository.insert(new ImportJob(id, "people", "ada", "people.csv", FileFormat.CSV, null, state,
                clock.instant(), clock.instant(), null, null));
        stores.files().save(id, new ByteArrayInputStream("Name\nAda\n".getBytes()), 1_000);
        return id;
    }

    @Test
    void aFailureIsStoredOnceTheDatabaseIsBackWithADoublingPause() {
        String id = anImportIn("a", ImportState.COMMITTING);
        ProgressReporter reporter = reporters.of(id, Phase.COMMIT, () -> 10);
        reporter.start();
        repository.failures.set(3);
        progress.failures.set(2);

        lifecycle.endFailed(id, ImportState.COMMITTING, "Row 3: duplicate key.", () -> "not asked", reporter,
                new CommitResult(0, 0, 0, 10, 0, 3L, "duplicate key"));

        assertThat(repository.find(id).orElseThrow().state()).isEqualTo(ImportState.FAILED);
        assertThat(repository.find(id).orElseThrow().message()).isEqualTo("Row 3: duplicate key.");
        ProgressSnapshot end = progress.get(id, Phase.COMMIT).orElseThrow();
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.result().failedRow()).isEqualTo(3L);
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(stores.files().localPath(id)).doesNotExist();
    }

    @Test
    void aCompletedCommitIsStoredAfterAnOutageAndNotMistakenForACancel() {
        String id = anImportIn("b", ImportState.COMMITTING);
        ProgressReporter reporter = reporters.of(id, Phase.COMMIT, () -> 5);
        reporter.update(5, 5, 0);
        repository.failures.set(4);
        progress.failures.set(1);

        assertThat(lifecycle.endCommitted(id, reporter, new CommitResult(5, 0, 0, 0, 1, null, null))).isTrue();

        assertThat(repository.find(id).orElseThrow().state()).isEqualTo(ImportState.COMMITTED);
        assertThat(progress.get(id, Phase.COMMIT).orElseThrow().status()).isEqualTo(ProgressStatus.COMPLETED);
    }

    @Test
    void aStateChangeWhoseAnswerWasLostCountsAsDone() {
        String id = anImportIn("c", ImportState.BUFFERING);
        repository.lostAnswers.set(1);

        lifecycle.endFailed(id, ImportState.BUFFERING, "Row 2: broken.", () -> "should not be cancelled",
                reporters.of(id, Phase.BUFFER, () -> 1), null);

        assertThat(repository.find(id).orElseThrow().state()).isEqualTo(ImportState.FAILED);
        assertThat(progress.get(id, Phase.BUFFER).orElseThrow().status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(progress.get(id, Phase.BUFFER).orElseThrow().message()).isEqualTo("Row 2: broken.");
    }

    @Test
    void theRetriesGiveUpAfterTwoMinutesWithPausesOfAtMostFiveSeconds() {
        String id = anImportIn("d", ImportState.BUFFERING);
        repository.failures.set(Integer.MAX_VALUE);

        assertThatThrownBy(() -> lifecycle.endFailed(id, ImportState.BUFFERING, "broken", () -> "x",
                reporters.of(id, Phase.BUFFER, () -> 1), null)).hasMessageContaining("database is down");

        assertThat(pauses).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus))
                .isBetween(StoreRetry.GIVE_UP_AFTER, StoreRetry.GIVE_UP_AFTER.plusSeconds(5));
        assertThat(repository.find(id).orElseThrow().state()).isEqualTo(ImportState.BUFFERING);
    }

    @Test
    void aCommitWhoseJobStoppedBeatingEndsFailedSayingWhatStaysWritten() {
        Duration beat = Duration.ofSeconds(5);
        JobHeartbeats heartbeats = new JobHeartbeats(stores, lifecycle, jobs, clock, beat, id -> false);
        String dead = anImportIn("dead", ImportState.COMMITTING);
        repository.saveCommitOptions(dead, new CommitOptions(CommitMode.VALID_ROWS, 100));
        progress.put(new ProgressSnapshot(dead, Phase.COMMIT, 300, 1_000, ProgressStatus.PROCESSING, 300, 50, null,
                0, null));
        String local = anImportIn("local", ImportState.BUFFERING);
        jobs.register(local, true);
        clock.advance(beat.multipliedBy(JobHeartbeats.MISSED_BEATS).minusSeconds(1));
        assertThat(heartbeats.beat()).isEqualTo(1);
        assertThat(heartbeats.endSilent()).as("not silent long enough yet").isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(heartbeats.endSilent()).isEqualTo(1);

        ImportJob ended = repository.find(dead).orElseThrow();
        assertThat(ended.state()).isEqualTo(ImportState.FAILED);
        assertThat(ended.message()).startsWith("The server working on this import stopped before it finished")
                .endsWith("300 rows (3 chunks) had been committed and stay in the target; the other 700 valid rows "
                        + "were not written.");
        ProgressSnapshot end = progress.get(dead, Phase.COMMIT).orElseThrow();
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.message()).isEqualTo(ended.message());
        assertThat(end.processed()).isEqualTo(300);
        assertThat(end.result()).isEqualTo(new CommitResult(300, 0, 50, 700, 3, null, null));
        assertThat(stores.files().localPath(dead)).doesNotExist();
        assertThat(repository.find(local).orElseThrow().state()).as("its job beats here").isEqualTo(ImportState.BUFFERING);
    }

    @Test
    void silentBufferingAndAllOrNothingCommitsSayNothingWasWritten() {
        JobHeartbeats heartbeats = new JobHeartbeats(stores, lifecycle, jobs, clock, Duration.ofSeconds(1), id -> false);
        String buffering = anImportIn("buffering", ImportState.BUFFERING);
        String whole = anImportIn("whole", ImportState.COMMITTING);
        repository.saveCommitOptions(whole, new CommitOptions(CommitMode.ALL_OR_NOTHING, 100));
        progress.put(new ProgressSnapshot(whole, Phase.COMMIT, 400, 1_000, ProgressStatus.PROCESSING, 400, 0, null,
                0, null));
        clock.advance(Duration.ofSeconds(10));
        repository.failures.set(2); // the database is still shaky when the sweep runs

        assertThat(heartbeats.endSilent()).isEqualTo(2);

        assertThat(repository.find(buffering).orElseThrow().message())
                .endsWith("Nothing was written to the target; upload the file again.");
        assertThat(progress.get(buffering, Phase.BUFFER).orElseThrow().status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(repository.find(whole).orElseThrow().message())
                .endsWith("Nothing was written to the target (all or nothing).");
        assertThat(progress.get(whole, Phase.COMMIT).orElseThrow().result().inserted()).isZero();
    }
}
