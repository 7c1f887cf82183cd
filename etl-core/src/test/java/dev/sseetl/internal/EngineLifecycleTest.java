package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.filesNamed;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineLifecycleTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    private DefaultEtlEngine engineWithClock(MemoryTable table) {
        return (DefaultEtlEngine) EtlEngine.builder().schema(people().withTarget(table)).workDirectory(work)
                .clock(clock).importTtl(Duration.ofHours(1)).build();
    }

    @Test
    void anImportExpiresTheTtlAfterItEndedWithEverythingItKept() {
        try (DefaultEtlEngine engine = engineWithClock(new MemoryTable())) {
            String id = upload(engine, peopleCsv(files, 50, 10));
            awaitState(engine, id, ImportState.BUFFERED);
            assertThat(filesNamed(work, id)).isNotEmpty();

            clock.advance(Duration.ofMinutes(59));
            assertThat(engine.sweepExpired()).isZero();
            assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.BUFFERED);

            clock.advance(Duration.ofMinutes(2));
            assertThat(engine.sweepExpired()).isEqualTo(1);
            assertThatThrownBy(() -> engine.status(id, OWNER))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(engine.progress.get(id, Phase.BUFFER)).isEmpty();
            assertThat(filesNamed(work, "")).isEmpty();
        }
    }

    @Test
    void aCommittingImportDoesNotExpireAndACommittedOneExpiresAfterItsCommitEnded() throws Exception {
        MemoryTable table = new MemoryTable().holding(1);
        try (DefaultEtlEngine engine = engineWithClock(table)) {
            String id = upload(engine, peopleCsv(files, 50, 10));
            awaitState(engine, id, ImportState.BUFFERED);
            engine.commit(id, OWNER, CommitOptions.defaults());
            table.heldChunkEntered.await();
            clock.advance(Duration.ofHours(5));
            assertThat(engine.sweepExpired()).isZero();
            table.releaseHeldChunk.countDown();
            awaitState(engine, id, ImportState.COMMITTED);
            clock.advance(Duration.ofMinutes(30));
            assertThat(engine.sweepExpired()).isZero();
            clock.advance(Duration.ofMinutes(31));
            assertThat(engine.sweepExpired()).isEqualTo(1);
            assertThat(filesNamed(work, "")).isEmpty();
        }
    }

    @Test
    void theWorkFolderDoesNotGrowOverManyImports() {
        MemoryTable table = new MemoryTable();
        try (DefaultEtlEngine engine = engineWithClock(table)) {
            for (int round = 0; round < 5; round++) {
                String committed = upload(engine, peopleCsv(files, 200, 10));
                String failed = engine.upload("people", new ByteArrayInputStream("Name\nAda\n".getBytes()), "x.csv",
                        Map.of(), OWNER);
                String cancelled = upload(engine, peopleCsv(files, 200, 10));
                engine.cancel(cancelled, OWNER);
                awaitState(engine, committed, ImportState.BUFFERED);
                engine.commit(committed, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 50));
                awaitState(engine, committed, ImportState.COMMITTED);
                awaitState(engine, failed, ImportState.FAILED);
                await().atMost(Duration.ofSeconds(5)).until(() -> filesNamed(work, failed).isEmpty());
                clock.advance(Duration.ofHours(2));
                assertThat(engine.sweepExpired()).isEqualTo(3);
                assertThat(filesNamed(work, "")).as("round %d", round).isEmpty();
            }
        }
    }

    @Test
    void closeDeletesTheDefaultTempWorkFolder() {
        DefaultEtlEngine engine = (DefaultEtlEngine) EtlEngine.builder().schema(people()).build();
        Path folder = engine.workDirectory;
        String id = upload(engine, peopleCsv(files, 20, 0));
        awaitState(engine, id, ImportState.BUFFERED);
        assertThat(folder).isDirectory();
        assertThat(folder.getFileName().toString()).startsWith("sse-etl-");
        engine.close();
        assertThat(folder).doesNotExist();
        assertThatThrownBy(() -> upload(engine, peopleCsv(files, 1, 0))).isInstanceOf(ImportException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void closeKeepsAFolderTheHostChoseButStopsRunningJobs() {
        DefaultEtlEngine engine = (DefaultEtlEngine) EtlEngine.builder().schema(people()).workDirectory(work).build();
        String id = upload(engine, peopleCsv(files, 300_000, 0));
        await().until(() -> engine.progress(id, OWNER, Phase.BUFFER).processed() > 0);
        engine.close();
        assertThat(work).isDirectory();
        assertThat(engine.repository.find(id).orElseThrow().state()).isEqualTo(ImportState.CANCELLED);
        assertThat(filesNamed(work, id)).isEmpty();
    }

    @Test
    void jobThreadsAreDaemonsNamedAfterTheEngine() {
        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).build()) {
            List<String> names = new ArrayList<>();
            String id = upload(engine, peopleCsv(files, 5, 0));
            awaitState(engine, id, ImportState.BUFFERED);
            Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("sse-etl-job-"))
                    .forEach(t -> {
                        names.add(t.getName());
                        assertThat(t.isDaemon()).isTrue();
                    });
            assertThat(names).isNotEmpty();
        }
    }

    @Test
    void buildingWithoutAnySchemaSaysHowToAddOne() {
        assertThatThrownBy(() -> EtlEngine.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("No schema registered. Add one with EtlEngine.builder().schema(...) or .schemasFrom(dir).");
    }

    @Test
    void buildingWithTwoSchemasOfOneNameNamesIt() {
        assertThatThrownBy(() -> EtlEngine.builder().schema(people()).schema(people()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'people' is registered twice");
    }

    @Test
    void buildingWithAMissingSchemaFolderNamesIt() {
        Path missing = files.resolve("no-such-folder");
        assertThatThrownBy(() -> EtlEngine.builder().schemasFrom(missing).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-folder");
    }

    @Test
    void schemasLoadFromAFolderNextToCodeOnes() throws Exception {
        Path dir = Files.createDirectories(files.resolve("schemas"));
        Files.writeString(dir.resolve("products.json"),
                "{\"name\":\"products\",\"table\":\"products\",\"columns\":[{\"key\":\"sku\",\"type\":\"string\",\"required\":true}]}");
        org.h2.jdbcx.JdbcDataSource products = new org.h2.jdbcx.JdbcDataSource();
        products.setURL("jdbc:h2:mem:lifecycle-products");
        try (EtlEngine engine = EtlEngine.builder().schema(people()).schemasFrom(dir).dataSource(products)
                .workDirectory(work).build()) {
            assertThat(engine.schemas()).extracting(Schema::name).containsExactly("people", "products");
            assertThat(engine.schema("products").table()).isEqualTo("products");
            assertThatThrownBy(() -> engine.schema("nope"))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }
}
