package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineCommitTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final MemoryTable table = new MemoryTable();
    private EtlEngine engine;

    @AfterEach
    void closeEngine() {
        table.releaseHeldChunk.countDown();
        if (engine != null) {
            engine.close();
        }
    }

    private EtlEngine engineWith(Schema schema) {
        engine = EtlEngine.builder().schema(schema).workDirectory(work).progressInterval(Duration.ZERO).build();
        return engine;
    }

    /** 1,000 rows, every tenth invalid (rows 2, 12, 22, ...): 900 valid. */
    private String aBufferedImport() {
        if (engine == null) {
            engineWith(people().withTarget(table));
        }
        String id = upload(engine, peopleCsv(files, 1_000, 10));
        awaitState(engine, id, ImportState.BUFFERED);
        return id;
    }

    private ProgressSnapshot awaitCommitEnd(String id) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> engine.progress(id, OWNER, Phase.COMMIT).status().isFinal());
        return engine.progress(id, OWNER, Phase.COMMIT);
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void commitsTheValidRowsInChunksWithExactCounts(CommitMode mode) {
        String id = aBufferedImport();
        List<ProgressSnapshot> seen = new CopyOnWriteArrayList<>();
        engine.subscribe(id, OWNER, Phase.COMMIT, seen::add);
        assertThat(seen.get(0).total()).isEqualTo(900);

        engine.commit(id, OWNER, new CommitOptions(mode, 100));
        ProgressSnapshot end = awaitCommitEnd(id);

        assertThat(end.status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(end.result()).isEqualTo(new CommitResult(900, 0, 100, 0, 9, null, null));
        assertThat(end.processed()).isEqualTo(900);
        assertThat(end.total()).isEqualTo(900);
        assertThat(end.valid()).isEqualTo(900);
        assertThat(end.invalid()).isEqualTo(100);
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.COMMITTED);
        assertThat(table.size()).isEqualTo(900);
        assertThat(table.opened.get()).isEqualTo(1);
        assertThat(table.completed.get()).isEqualTo(1);
        assertThat(table.closed.get()).isEqualTo(1);
        org.awaitility.Awaitility.await().until(() -> seen.get(seen.size() - 1).status() == ProgressStatus.COMPLETED);
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(seen).extracting(ProgressSnapshot::version).isSorted().doesNotHaveDuplicates();
        assertThat(seen).filteredOn(s -> s.status() == ProgressStatus.PROCESSING)
                .allSatisfy(s -> assertThat(s.result()).isNull());
        assertThat(seen).as("every commit snapshot, the first ones too, counts the skipped invalid rows")
                .extracting(ProgressSnapshot::invalid).containsOnly(100L);
    }

    @Test
    void committingTheSameFileAgainUpdatesInsteadOfDuplicating() {
        String first = aBufferedImport();
        engine.commit(first, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 250));
        awaitCommitEnd(first);
        String second = aBufferedImport();
        engine.commit(second, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 250));
        assertThat(awaitCommitEnd(second).result()).isEqualTo(new CommitResult(0, 900, 100, 0, 4, null, null));
        assertThat(table.size()).isEqualTo(900);
    }

    @Test
    void aRefusedRowInValidRowsModeKeepsTheChunksCommittedBeforeIt() {
        engineWith(people().withTarget(table.refusing(503)));
        String id = aBufferedImport();
        engine.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 100));
        ProgressSnapshot end = awaitCommitEnd(id);

        // rows 2..502 hold 450 valid rows, so row 503 is in the fifth chunk of 100
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.result()).isEqualTo(new CommitResult(400, 0, 100, 500, 4, 503L,
                "duplicate key value violates unique constraint"));
        assertThat(end.message()).isEqualTo("Row 503: duplicate key value violates unique constraint. "
                + "4 chunks (400 rows) were committed before it.");
        assertThat(table.size()).isEqualTo(400);
        assertThat(table.closed.get()).isEqualTo(1);
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.FAILED);
        assertThat(engine.status(id, OWNER).job().message()).isEqualTo(end.message());
    }

    @Test
    void aRefusedRowInAllOrNothingModeWritesNothing() {
        engineWith(people().withTarget(table.refusing(503)));
        String id = aBufferedImport();
        engine.commit(id, OWNER, new CommitOptions(CommitMode.ALL_OR_NOTHING, 100));
        ProgressSnapshot end = awaitCommitEnd(id);

        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.result()).isEqualTo(new CommitResult(0, 0, 100, 900, 0, 503L,
                "duplicate key value violates unique constraint"));
        assertThat(end.message()).startsWith("Row 503: duplicate key").contains("Nothing was written");
        assertThat(table.size()).isZero();
        assertThat(table.completed.get()).isZero();
        assertThat(table.closed.get()).isEqualTo(1);
    }

    @Test
    void anUnexpectedTargetErrorFailsTheCommitWithItsMessage() {
        engineWith(people().withTarget((schema, mode) -> {
            throw new IllegalStateException("connection refused");
        }));
        String id = aBufferedImport();
        engine.commit(id, OWNER, null);
        ProgressSnapshot end = awaitCommitEnd(id);
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.message()).isEqualTo("connection refused. No rows were committed before it.");
        assertThat(end.result().failed()).isEqualTo(900);
        assertThat(end.result().failedRow()).isNull();
    }

    @Test
    void twentyConcurrentCommitCallsStartExactlyOneCommit() throws Exception {
        String id = aBufferedImport();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> {
                    go.await();
                    try {
                        engine.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 50));
                        return "started";
                    } catch (ImportException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        return e.getMessage();
                    }
                });
            }
            List<Future<String>> results = new ArrayList<>();
            for (Callable<String> call : calls) {
                results.add(pool.submit(call));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn("started"::equals).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.equals("started"))
                    .hasSize(19)
                    .allMatch(o -> o.equals("Import " + id + " is already committing.")
                            || o.equals("Import " + id + " is already committed."));
        } finally {
            pool.shutdownNow();
        }
        assertThat(awaitCommitEnd(id).result().inserted()).isEqualTo(900);
        assertThat(table.opened.get()).isEqualTo(1);
        assertThatThrownBy(() -> engine.commit(id, OWNER, null)).hasMessage("Import " + id + " is already committed.");
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void cancelDuringACommitStopsBetweenChunks(CommitMode mode) throws Exception {
        engineWith(people().withTarget(table.holding(3)));
        String id = aBufferedImport();
        engine.commit(id, OWNER, new CommitOptions(mode, 100));
        assertThat(table.heldChunkEntered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread canceller = new Thread(() -> engine.cancel(id, OWNER));
        canceller.start();
        awaitState(engine, id, ImportState.CANCELLED);
        table.releaseHeldChunk.countDown();
        canceller.join(5_000);
        ProgressSnapshot end = awaitCommitEnd(id);

        assertThat(end.status()).isEqualTo(ProgressStatus.CANCELLED);
        assertThat(table.closed.get()).isEqualTo(1);
        assertThat(table.completed.get()).isZero();
        if (mode == CommitMode.VALID_ROWS) {
            assertThat(table.size()).as("the chunk in flight finishes, none after it starts").isEqualTo(300);
            assertThat(end.result()).isEqualTo(new CommitResult(300, 0, 100, 600, 3, null, null));
            assertThat(end.message()).as("the person learns what stays in the database")
                    .endsWith("300 rows (3 chunks) were already written and stay; the other 600 valid rows were not.");
        } else {
            assertThat(table.size()).isZero();
            assertThat(end.result()).isEqualTo(new CommitResult(0, 0, 100, 900, 0, null, null));
            assertThat(end.message()).endsWith("Nothing was written.");
        }
    }

    @Test
    void aSchemaWithoutTargetIsRefusedAndTheImportStaysBuffered() {
        engineWith(people());
        String id = aBufferedImport();
        assertThatThrownBy(() -> engine.commit(id, OWNER, null))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessage("Schema 'people' has no commit target; set one with Schema.Builder.target(...)");
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.BUFFERED);
    }

    @Test
    void anImportStillBufferingCannotBeCommitted() {
        Fixtures.GatedJobRunner gated = new Fixtures.GatedJobRunner();
        engine = EtlEngine.builder().schema(people().withTarget(table)).workDirectory(work).jobRunner(gated).build();
        String id = upload(engine, peopleCsv(files, 10, 0));
        assertThatThrownBy(() -> engine.commit(id, OWNER, null))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("is not buffered yet");
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.UPLOADED);
    }
}
