package dev.sseetl.testing;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.spi.ImportRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link ImportRepository} promises. Extend it with {@link #createRepository()}. */
public abstract class ImportRepositoryContract {
    protected static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z").truncatedTo(ChronoUnit.MILLIS);
    protected ImportRepository repository;

    /** A new repository with no imports in it. */
    protected abstract ImportRepository createRepository();

    protected void closeRepository(ImportRepository repository) {
    }

    @BeforeEach
    void createTheRepository() {
        repository = createRepository();
    }

    @AfterEach
    void closeTheRepository() {
        closeRepository(repository);
    }

    protected static ImportJob anUploadedJob() {
        return new ImportJob(UUID.randomUUID().toString().replace("-", ""), "user_schema", "ada", "users.csv",
                FileFormat.CSV, Map.of("source", "test"), ImportState.UPLOADED, T0, T0, null, null);
    }

    @Test
    void findsWhatWasInserted() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        assertThat(repository.find(job.id())).contains(job);
        assertThat(repository.find("nope")).isEmpty();
    }

    @Test
    void refusesASecondJobWithTheSameId() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        assertThatThrownBy(() -> repository.insert(job)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theStoredJobDoesNotShareTheCallersMetadataMap() {
        Map<String, String> metadata = new HashMap<>(Map.of("a", "1"));
        ImportJob base = anUploadedJob();
        ImportJob job = new ImportJob(base.id(), base.schema(), base.owner(), base.fileName(), base.format(), metadata,
                base.state(), base.createdAt(), base.updatedAt(), null, null);
        repository.insert(job);
        metadata.put("b", "2");
        assertThat(repository.find(job.id()).orElseThrow().metadata()).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void movesAJobOnlyFromTheGivenStates() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        assertThat(repository.transition(job.id(), EnumSet.of(ImportState.BUFFERED), ImportState.COMMITTING, null,
                T0.plusSeconds(1))).isEmpty();
        Optional<ImportJob> moved = repository.transition(job.id(), EnumSet.of(ImportState.UPLOADED),
                ImportState.BUFFERING, null, T0.plusSeconds(2));
        assertThat(moved).get().extracting(ImportJob::state).isEqualTo(ImportState.BUFFERING);
        assertThat(moved.get().updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(repository.find(job.id())).isEqualTo(moved);
        assertThat(repository.transition("missing", EnumSet.allOf(ImportState.class), ImportState.FAILED, "x", T0))
                .isEmpty();
    }

    @Test
    void stampsTheEndWhenBufferedOrFinishedAndKeepsTheMessage() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        ImportJob buffered = repository.transition(job.id(), EnumSet.of(ImportState.UPLOADED), ImportState.BUFFERED,
                null, T0.plusSeconds(5)).orElseThrow();
        assertThat(buffered.endedAt()).isEqualTo(T0.plusSeconds(5));
        ImportJob committing = repository.transition(job.id(), EnumSet.of(ImportState.BUFFERED),
                ImportState.COMMITTING, null, T0.plusSeconds(6)).orElseThrow();
        assertThat(committing.endedAt()).isNull();
        ImportJob failed = repository.transition(job.id(), EnumSet.of(ImportState.COMMITTING), ImportState.FAILED,
                "Row 3: duplicate key", T0.plusSeconds(7)).orElseThrow();
        assertThat(failed.endedAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(repository.find(job.id()).orElseThrow().message()).isEqualTo("Row 3: duplicate key");
    }

    @Test
    void twentyConcurrentTransitionsFromOneStateLetExactlyOneThrough() throws Exception {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        repository.transition(job.id(), EnumSet.of(ImportState.UPLOADED), ImportState.BUFFERED, null, T0);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> repository.transition(job.id(), EnumSet.of(ImportState.BUFFERED),
                        ImportState.COMMITTING, null, T0.plusSeconds(1)).isPresent());
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsTheJobsThatEndedBeforeACutoff() {
        ImportJob old = anUploadedJob();
        ImportJob recent = anUploadedJob();
        ImportJob running = anUploadedJob();
        repository.insert(old);
        repository.insert(recent);
        repository.insert(running);
        repository.transition(old.id(), EnumSet.of(ImportState.UPLOADED), ImportState.FAILED, "bad", T0.plusSeconds(10));
        repository.transition(recent.id(), EnumSet.of(ImportState.UPLOADED), ImportState.BUFFERED, null, T0.plusSeconds(100));
        assertThat(repository.endedBefore(T0.plusSeconds(50))).extracting(ImportJob::id).containsExactly(old.id());
        assertThat(repository.endedBefore(T0.plusSeconds(200))).extracting(ImportJob::id)
                .containsExactlyInAnyOrder(old.id(), recent.id());
    }

    @Test
    void aRunningJobWithoutABeatSinceTheCutoffIsSilent() {
        ImportJob beating = anUploadedJob();
        ImportJob silent = anUploadedJob();
        ImportJob ended = anUploadedJob();
        for (ImportJob job : List.of(beating, silent, ended)) {
            repository.insert(job);
            repository.transition(job.id(), EnumSet.of(ImportState.UPLOADED), ImportState.BUFFERING, null, T0);
        }
        repository.transition(ended.id(), EnumSet.of(ImportState.BUFFERING), ImportState.FAILED, "x", T0);
        repository.beat(beating.id(), T0.plusSeconds(60));
        repository.beat(silent.id(), T0.plusSeconds(10));
        repository.beat("missing", T0.plusSeconds(60));

        assertThat(repository.silentSince(T0.plusSeconds(30))).extracting(ImportJob::id).containsExactly(silent.id());
        assertThat(repository.silentSince(T0.plusSeconds(5))).isEmpty();
        assertThat(repository.find("missing")).isEmpty();
    }

    @Test
    void aStateChangeCountsAsTheLastSignUntilTheNextBeat() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        repository.transition(job.id(), EnumSet.of(ImportState.UPLOADED), ImportState.BUFFERED, null, T0);
        repository.beat(job.id(), T0.plusSeconds(100));
        repository.transition(job.id(), EnumSet.of(ImportState.BUFFERED), ImportState.COMMITTING, null,
                T0.plusSeconds(20));

        assertThat(repository.silentSince(T0.plusSeconds(30))).extracting(ImportJob::id).containsExactly(job.id());
        assertThat(repository.silentSince(T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void keepsTheCommitOptionsOfAnImport() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        assertThat(repository.commitOptions(job.id())).isEmpty();
        repository.saveCommitOptions(job.id(), new CommitOptions(CommitMode.ALL_OR_NOTHING, 250));
        assertThat(repository.commitOptions(job.id())).contains(new CommitOptions(CommitMode.ALL_OR_NOTHING, 250));
        repository.saveCommitOptions(job.id(), CommitOptions.defaults());
        assertThat(repository.commitOptions(job.id())).contains(CommitOptions.defaults());
        repository.delete(job.id());
        assertThat(repository.commitOptions(job.id())).isEmpty();
    }

    @Test
    void deletingForgetsTheJobAndIsHarmlessTwice() {
        ImportJob job = anUploadedJob();
        repository.insert(job);
        repository.delete(job.id());
        repository.delete(job.id());
        assertThat(repository.find(job.id())).isEmpty();
    }
}
