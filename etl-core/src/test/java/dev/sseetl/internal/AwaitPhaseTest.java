package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.textFile;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EtlEngine#awaitPhase}: plain Java waits for a phase to end and gets its final snapshot. */
class AwaitPhaseTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    @Test
    void waitsForBufferingAndForTheCommitAndReturnsTheirFinalSnapshots() {
        MemoryTable table = new MemoryTable();
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(table)).workDirectory(work).build()) {
            String id = upload(engine, peopleCsv(files, 500, 10));
            ProgressSnapshot buffered = engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(30));
            assertThat(buffered.status()).isEqualTo(ProgressStatus.COMPLETED);
            assertThat(buffered.processed()).isEqualTo(500);
            assertThat(buffered.invalid()).isEqualTo(50);
            engine.commit(id, OWNER, CommitOptions.defaults());
            ProgressSnapshot committed = engine.awaitPhase(id, OWNER, Phase.COMMIT, Duration.ofSeconds(30));
            assertThat(committed.status()).isEqualTo(ProgressStatus.COMPLETED);
            assertThat(committed.result().inserted()).isEqualTo(450);
            assertThat(table.rows).hasSize(450);
            // an ended phase answers at once, even with no time to wait
            assertThat(engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ZERO)).isEqualTo(buffered);
        }
    }

    @Test
    void aPhaseThatFailsReturnsItsFailedSnapshotWithTheMessage() {
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(new MemoryTable()))
                .workDirectory(work).build()) {
            String id = upload(engine, textFile(files, "no-email.csv", "Name,Age\r\nAda,36\r\n"));
            ProgressSnapshot end = engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(30));
            assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
            assertThat(end.message()).contains("Email");
        }
    }

    @Test
    void aTimeoutSaysHowFarThePhaseGotAndTheWaitEndsWhenThePhaseDoes() throws Exception {
        Fixtures.GatedJobRunner runner = new Fixtures.GatedJobRunner();
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(new MemoryTable())).jobRunner(runner)
                .workDirectory(work).build()) {
            String id = upload(engine, peopleCsv(files, 20, 0)); // queued: the runner holds it
            assertThatThrownBy(() -> engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessage("Import " + id + ": the buffer phase did not end within PT0.2S; it is Processing "
                            + "(0 of 0 rows). Wait longer, or cancel the import.");
            CompletableFuture<ProgressSnapshot> waiting = CompletableFuture.supplyAsync(
                    () -> engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(30)));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            runner.startNext().join();
            assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(ProgressStatus.COMPLETED);
        }
    }

    @Test
    void anotherOwnersImportIsNotFoundAndANegativeTimeoutIsRefused() {
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(new MemoryTable()))
                .workDirectory(work).build()) {
            String id = upload(engine, peopleCsv(files, 5, 0));
            assertThatThrownBy(() -> engine.awaitPhase(id, "mallory", Phase.BUFFER, Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(ImportException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> engine.awaitPhase(id, OWNER, Phase.BUFFER, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
