package dev.sseetl.internal;

import dev.sseetl.FileFormat;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The expiry sweeper on its own, over real stores and a clock the test moves. */
class ExpirySweeperTest {
    @TempDir
    Path work;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private ImportStores stores;

    @BeforeEach
    void stores() {
        stores = new ImportStores(new LocalFileStore(work.resolve("uploads")),
                new DiskStagingStore(work.resolve("staging")), new InMemoryProgressStore(),
                new InMemoryImportRepository());
    }

    /** An import in this state that ended {@code ago} (or never, for null), with a stored file and progress. */
    private String anImport(String id, ImportState state, Duration ago) {
        Instant now = clock.instant();
        Instant ended = ago == null ? null : now.minus(ago);
        stores.repository().insert(new ImportJob(id, "people", "ada", "people.csv", FileFormat.CSV, null, state,
                now.minus(Duration.ofDays(2)), now, ended, null));
        stores.files().save(id, new ByteArrayInputStream("Name\nAda\n".getBytes()), 1_000);
        stores.progress().put(ProgressSnapshot.starting(id, Phase.BUFFER, 1));
        return id;
    }

    @Test
    void deletesEverythingOfTheImportsThatEndedMoreThanTheTtlAgo() {
        ExpirySweeper sweeper = new ExpirySweeper(stores, clock, Duration.ofHours(1));
        String old = anImport("old", ImportState.COMMITTED, Duration.ofMinutes(61));
        String recent = anImport("recent", ImportState.FAILED, Duration.ofMinutes(59));

        assertThat(sweeper.sweepExpired()).isEqualTo(1);

        assertThat(stores.repository().find(old)).isEmpty();
        assertThat(stores.progress().get(old, Phase.BUFFER)).isEmpty();
        assertThat(stores.files().localPath(old)).doesNotExist();
        assertThat(stores.repository().find(recent)).isPresent();
        assertThat(stores.files().localPath(recent)).exists();

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweeper.sweepExpired()).isEqualTo(1);
        assertThat(stores.repository().find(recent)).isEmpty();
        assertThat(sweeper.sweepExpired()).isZero();
    }

    @Test
    void neverDeletesARunningImportWhateverTheRepositorySays() {
        ExpirySweeper sweeper = new ExpirySweeper(stores, clock, Duration.ofHours(1));
        String running = anImport("running", ImportState.COMMITTING, Duration.ofDays(1));
        String waiting = anImport("waiting", ImportState.BUFFERED, Duration.ofDays(1));

        assertThat(sweeper.sweepExpired()).isEqualTo(1);
        assertThat(stores.repository().find(running)).isPresent();
        assertThat(stores.files().localPath(running)).exists();
        assertThat(stores.repository().find(waiting)).isEmpty();
    }

    @Test
    void sweepsEveryMinuteOrEveryTtlWhenShorter() {
        assertThat(new ExpirySweeper(stores, clock, Duration.ofHours(24)).periodSeconds()).isEqualTo(60);
        assertThat(new ExpirySweeper(stores, clock, Duration.ofSeconds(30)).periodSeconds()).isEqualTo(30);
        assertThat(new ExpirySweeper(stores, clock, Duration.ofMillis(200)).periodSeconds()).isEqualTo(1);
    }

    @Test
    void onceStartedItSweepsInTheBackgroundUntilClosed() {
        String old = anImport("old", ImportState.CANCELLED, Duration.ofMinutes(5));
        try (ExpirySweeper sweeper = new ExpirySweeper(stores, clock, Duration.ofSeconds(1)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stores.repository().find(old).isEmpty());
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("sse-etl-sweeper")
                    && t.isDaemon());
            assertThat(sweeper.start()).isSameAs(sweeper);
        }
        String later = anImport("later", ImportState.CANCELLED, Duration.ofMinutes(5));
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> stores.repository().find(later).isPresent());
    }
}
