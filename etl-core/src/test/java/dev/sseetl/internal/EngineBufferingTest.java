package dev.sseetl.internal;

import dev.sseetl.CellError;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.ImportStatus;
import dev.sseetl.Limits;
import dev.sseetl.Phase;
import dev.sseetl.Preview;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.sseetl.internal.Fixtures.OWNER;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.filesNamed;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.peopleXlsx;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineBufferingTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private EtlEngine engine;
    private final Fixtures.GatedJobRunner gated = new Fixtures.GatedJobRunner();

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private EtlEngine gatedEngine() {
        engine = EtlEngine.builder().schema(people()).workDirectory(work).jobRunner(gated)
                .progressInterval(Duration.ZERO).build();
        return engine;
    }

    private EtlEngine plainEngine(Limits limits) {
        engine = EtlEngine.builder().schema(people()).workDirectory(work).limits(limits).build();
        return engine;
    }

    private static List<ProgressSnapshot> watch(EtlEngine engine, String id, Phase phase) {
        List<ProgressSnapshot> seen = new CopyOnWriteArrayList<>();
        engine.subscribe(id, OWNER, phase, seen::add);
        return seen;
    }

    @Test
    void buffersACsvWhileASubscriberWatchesProgressToCompleted() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 1_000, 10));
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.UPLOADED);
        List<ProgressSnapshot> seen = watch(engine, id, Phase.BUFFER);
        gated.runNext();

        assertThat(seen.get(0).status()).isEqualTo(ProgressStatus.PROCESSING);
        assertThat(seen.get(0).processed()).isZero();
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(seen).extracting(ProgressSnapshot::version).isSorted().doesNotHaveDuplicates();
        assertThat(seen.size()).isGreaterThan(100); // a zero interval stores every row
        assertThat(seen.subList(0, seen.size() - 1)).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(ProgressStatus.PROCESSING);
            assertThat(s.total()).isGreaterThanOrEqualTo(s.processed());
            assertThat(s.valid() + s.invalid()).isEqualTo(s.processed());
        });
        ProgressSnapshot last = seen.get(seen.size() - 1);
        assertThat(last.status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(last.processed()).isEqualTo(1_000);
        assertThat(last.total()).isEqualTo(1_000);
        assertThat(last.valid()).isEqualTo(900);
        assertThat(last.invalid()).isEqualTo(100);

        ImportStatus status = engine.status(id, OWNER);
        assertThat(status.job().state()).isEqualTo(ImportState.BUFFERED);
        assertThat(status.job().endedAt()).isNotNull();
        assertThat(status.summary()).isEqualTo(new Summary(1_000, 900, 100));
        assertThat(status.buffer()).isEqualTo(last);
        assertThat(status.commit()).isNull();
        assertThat(filesNamed(work.resolve("uploads"), id)).as("the upload is deleted once staged").isEmpty();
        assertThat(filesNamed(work.resolve("staging"), id)).as("the staged rows stay for preview and commit").hasSize(3);
    }

    @Test
    void previewPagesAndFiltersRowsNumberedLikeASpreadsheet() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 1_000, 10));
        gated.runNext();

        Preview first = engine.preview(id, OWNER, 1, 10, RowFilter.ALL);
        assertThat(first.summary()).isEqualTo(new Summary(1_000, 900, 100));
        assertThat(first.schema().name()).isEqualTo("people");
        assertThat(first.rows()).extracting(StagedRow::row).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        StagedRow row3 = first.rows().get(1);
        assertThat(row3.values()).containsExactly("Person 1", "p1@example.com", 1L, LocalDate.of(2024, 1, 2));
        assertThat(row3.raw()).containsExactly("Person 1", "p1@example.com", "1", "2024-01-02");

        Preview invalid = engine.preview(id, OWNER, 3, 5, RowFilter.INVALID);
        assertThat(invalid.rows()).extracting(StagedRow::row).containsExactly(102L, 112L, 122L, 132L, 142L);
        assertThat(invalid.rows()).allSatisfy(r -> assertThat(r.errors()).extracting(CellError::column).containsExactly("age"));

        Preview valid = engine.preview(id, OWNER, 2, 9, RowFilter.VALID);
        assertThat(valid.rows()).extracting(StagedRow::row).containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L);

        assertThat(engine.preview(id, OWNER, 200, 5, RowFilter.ALL).rows()).extracting(StagedRow::row)
                .containsExactly(997L, 998L, 999L, 1000L, 1001L);
        assertThat(engine.preview(id, OWNER, 201, 5, RowFilter.ALL).rows()).isEmpty();
        assertThat(engine.preview(id, OWNER, 1, 500, null).filter()).isEqualTo(RowFilter.ALL);
    }

    @Test
    void buffersAnXlsxWorkbookWithTypedCells() {
        plainEngine(Limits.defaults());
        String id = upload(engine, peopleXlsx(files, 300, 7));
        awaitState(engine, id, ImportState.BUFFERED);
        assertThat(engine.status(id, OWNER).job().format()).isEqualTo(dev.sseetl.FileFormat.XLSX);
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(new Summary(300, 257, 43));
        ProgressSnapshot done = engine.progress(id, OWNER, Phase.BUFFER);
        assertThat(done.status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(done.processed()).isEqualTo(300);
        assertThat(done.total()).isEqualTo(300);
        StagedRow second = engine.preview(id, OWNER, 1, 2, RowFilter.ALL).rows().get(1);
        assertThat(second.row()).isEqualTo(3);
        assertThat(second.values()).containsExactly("Person 1", "p1@example.com", 1L, LocalDate.of(2024, 1, 2));
        assertThat(engine.preview(id, OWNER, 1, 1, RowFilter.INVALID).rows().get(0).row()).isEqualTo(2);
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("a missing required column", "Name,Age\nAda,36\n".getBytes(UTF_8), 1_000, "Email"),
                Arguments.of("an unterminated quote", "Name,Email,Age\nAda,ada@example.com,36\n\"Bob,bob@example.com,40\n"
                        .getBytes(UTF_8), 1_000, "line"),
                Arguments.of("invalid UTF-8", "Name,Email,Age\nAda,ada@example.com,36\nZo\u00eb,zoe@example.com,30\n"
                        .getBytes(ISO_8859_1), 1_000, "Line 3"),
                Arguments.of("a NUL byte at row 402", ("Name,Email,Age\n\"Ada\nLovelace\",ada@example.com,36\n"
                        + "Bob,bob@example.com,40\n".repeat(399) + "Nul\0Name,nul@example.com,1\n").getBytes(UTF_8),
                        1_000, "Line 403, column 4"),
                Arguments.of("too many rows", ("Name,Email,Age\n" + "Ada,ada@example.com,36\n".repeat(51)).getBytes(UTF_8),
                        50, "50"),
                Arguments.of("an empty file", new byte[0], 1_000, "empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileEndsFailedWithAClearMessageAndLeavesNoFile(String what, byte[] content, int maxRows, String named) {
        plainEngine(Limits.custom().maxRows(maxRows).build());
        String id = engine.upload("people", new ByteArrayInputStream(content), "bad.csv", Map.of(), OWNER);
        assertFailedCleanly(id, named);
    }

    @Test
    void aDeclaredCharsetIsHonoured() throws Exception {
        plainEngine(Limits.defaults());
        byte[] bytes = "Name,Email,Age\nZo\u00eb,zoe@example.com,30\n".getBytes(ISO_8859_1);
        String id = engine.upload("people", new ByteArrayInputStream(bytes), "latin1.csv",
                Map.of(DefaultEtlEngine.CHARSET_FIELD, "windows-1252"), OWNER);
        awaitState(engine, id, ImportState.BUFFERED);
        assertThat(engine.preview(id, OWNER, 1, 1, RowFilter.ALL).rows().get(0).values().get(0)).isEqualTo("Zo\u00eb");
        assertThatThrownBy(() -> engine.upload("people", new ByteArrayInputStream(bytes), "x.csv",
                Map.of(DefaultEtlEngine.CHARSET_FIELD, "klingon-8"), OWNER))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("klingon-8");
    }

    @Test
    void aDamagedWorkbookFailsSayingSo() throws Exception {
        plainEngine(Limits.defaults());
        byte[] xlsx = Files.readAllBytes(peopleXlsx(files, 10, 0));
        byte[] damaged = java.util.Arrays.copyOf(xlsx, xlsx.length / 2);
        String id;
        try {
            id = engine.upload("people", new ByteArrayInputStream(damaged), "half.xlsx", Map.of(), OWNER);
        } catch (ImportException refusedAtOnce) {
            assertThat(refusedAtOnce.getMessage()).doesNotContain("Exception");
            assertThat(filesNamed(work, "")).isEmpty();
            return;
        }
        assertFailedCleanly(id, "");
    }

    private void assertFailedCleanly(String id, String messagePart) {
        awaitState(engine, id, ImportState.FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> filesNamed(work, id).isEmpty()
                && engine.status(id, OWNER).summary().equals(Summary.EMPTY));
        ImportStatus status = engine.status(id, OWNER);
        assertThat(status.job().message()).contains(messagePart).doesNotContain("Exception", "\tat ", "dev.sseetl");
        ProgressSnapshot end = engine.progress(id, OWNER, Phase.BUFFER);
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.message()).isEqualTo(status.job().message());
        assertThat(status.summary()).isEqualTo(Summary.EMPTY);
        assertThat(filesNamed(work, id)).isEmpty();
        assertThatThrownBy(() -> engine.preview(id, OWNER, 1, 10, RowFilter.ALL))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void previewOfAFailedImportRepeatsTheReasonAndAsksOnceForTheFileAgain() {
        plainEngine(Limits.custom().maxRows(1).build());
        String empty = engine.upload("people", new ByteArrayInputStream(new byte[0]), "empty.csv", Map.of(), OWNER);
        String tooLong = engine.upload("people", new ByteArrayInputStream(
                "Name,Email,Age\nAda,ada@example.com,36\nBob,bob@example.com,40\n".getBytes(UTF_8)), "two.csv", Map.of(), OWNER);
        awaitState(engine, empty, ImportState.FAILED);
        awaitState(engine, tooLong, ImportState.FAILED);
        for (String id : List.of(empty, tooLong)) {
            String reason = engine.status(id, OWNER).job().message();
            assertThatThrownBy(() -> engine.preview(id, OWNER, 1, 10, RowFilter.ALL))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.getMessage())
                            .contains(reason)
                            .containsIgnoringCase("again")
                            .satisfies(m -> assertThat(m.toLowerCase().split("again", -1)).hasSize(2)));
        }
    }

    @Test
    void aFileThatIsNeitherCsvNorXlsxIsRefusedAtUploadWithNoJobOrFileLeft() {
        plainEngine(Limits.defaults());
        byte[] pdf = "%PDF-1.7\n\u0000\u0001\u0002\u0003binary\u0000\u0000".getBytes(ISO_8859_1);
        assertThatThrownBy(() -> engine.upload("people", new ByteArrayInputStream(pdf), "cv.csv", Map.of(), OWNER))
                .isInstanceOfSatisfying(ImportException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FILE));
        assertThat(filesNamed(work, "")).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAtUploadNamingTheLimit() {
        plainEngine(Limits.custom().maxFileBytes(1024).build());
        assertThatThrownBy(() -> upload(engine, peopleCsv(files, 100, 0)))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("1 KB");
        assertThat(filesNamed(work, "")).isEmpty();
    }

    @Test
    void anUnknownSchemaIsNotFound() {
        plainEngine(Limits.defaults());
        assertThatThrownBy(() -> engine.upload("nope", new ByteArrayInputStream(new byte[1]), "a.csv", Map.of(), OWNER))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("nope");
        assertThat(filesNamed(work, "")).isEmpty();
    }

    @Test
    void importIdsAre128BitUrlSafeAndUnique() {
        gatedEngine();
        java.util.Set<String> ids = new java.util.HashSet<>();
        Path csv = peopleCsv(files, 1, 0);
        for (int i = 0; i < 50; i++) {
            String id = upload(engine, csv);
            assertThat(id).matches("[A-Za-z0-9_-]{22}");
            ids.add(id);
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void cancelStopsARunningBufferingWithinASecondAndDeletesItsFiles() {
        plainEngine(Limits.defaults());
        String id = upload(engine, peopleCsv(files, 400_000, 0));
        List<ProgressSnapshot> seen = watch(engine, id, Phase.BUFFER);
        List<Boolean> interruptedAtTheEnd = new CopyOnWriteArrayList<>();
        engine.subscribe(id, OWNER, Phase.BUFFER, s -> {
            if (s.status().isFinal()) {
                interruptedAtTheEnd.add(Thread.currentThread().isInterrupted());
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(s -> s.processed() > 0));
        long start = System.nanoTime();
        engine.cancel(id, OWNER);
        await().atMost(Duration.ofSeconds(1)).until(() -> filesNamed(work, id).isEmpty()
                && engine.progress(id, OWNER, Phase.BUFFER).status() == ProgressStatus.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(Summary.EMPTY);
        assertThat(seen.get(seen.size() - 1).status()).isEqualTo(ProgressStatus.CANCELLED);
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(interruptedAtTheEnd).as("listeners may write to clients: no interrupt leaks into them")
                .containsOnly(false).isNotEmpty();
    }

    @Test
    void cancelBeforeTheJobStartsLeavesNothingForItToDo() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        engine.cancel(id, OWNER);
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        assertThat(engine.progress(id, OWNER, Phase.BUFFER).status()).isEqualTo(ProgressStatus.CANCELLED);
        assertThat(filesNamed(work, id)).isEmpty();
        gated.runNext();
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(Summary.EMPTY);
        assertThat(filesNamed(work, id)).isEmpty();
    }

    @Test
    void cancellingAFinishedImportChangesNothing() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        gated.runNext();
        engine.cancel(id, OWNER);
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.BUFFERED);
        assertThat(engine.preview(id, OWNER, 1, 10, RowFilter.ALL).rows()).hasSize(10);
    }

    @Test
    void previewRefusesBadPagesAndAnImportStillBuffering() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        assertThatThrownBy(() -> engine.preview(id, OWNER, 1, 10, RowFilter.ALL))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("still buffering");
        gated.runNext();
        for (int[] bad : new int[][]{{0, 10}, {-1, 10}, {1, 0}, {1, 501}}) {
            assertThatThrownBy(() -> engine.preview(id, OWNER, bad[0], bad[1], RowFilter.ALL))
                    .isInstanceOfSatisfying(ImportException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void progressBeforeBufferingStartsIsAZeroProcessingSnapshot() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        ProgressSnapshot buffer = engine.progress(id, OWNER, Phase.BUFFER);
        assertThat(buffer.status()).isEqualTo(ProgressStatus.PROCESSING);
        assertThat(buffer.processed()).isZero();
        ProgressSnapshot commit = engine.progress(id, OWNER, Phase.COMMIT);
        assertThat(commit.status()).isEqualTo(ProgressStatus.PROCESSING);
        assertThat(commit.processed()).isZero();
        gated.runNext();
        assertThat(engine.progress(id, OWNER, Phase.COMMIT).total()).as("commit total = valid rows").isEqualTo(10);
    }

    @Test
    void aSubscriberGetsTheCurrentSnapshotFirstAndNothingOlderLater() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 100, 0));
        gated.runNext();
        List<ProgressSnapshot> seen = watch(engine, id, Phase.BUFFER);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).status()).isEqualTo(ProgressStatus.COMPLETED);
    }

    @Test
    void anotherOwnerGetsNotFoundOnEveryCallWithTheSameMessageAsAnUnknownId() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        gated.runNext();
        String stranger = "mallory";
        List<Runnable> calls = List.of(
                () -> engine.status(id, stranger),
                () -> engine.preview(id, stranger, 1, 10, RowFilter.ALL),
                () -> engine.progress(id, stranger, Phase.BUFFER),
                () -> engine.subscribe(id, stranger, Phase.BUFFER, s -> { }),
                () -> engine.commit(id, stranger, null),
                () -> engine.cancel(id, stranger),
                () -> engine.discard(id, stranger),
                () -> engine.writeErrorReport(id, stranger, null, new java.io.ByteArrayOutputStream()));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessage(ImportException.notFound(id).getMessage());
        }
        assertThatThrownBy(() -> engine.status("unknown", OWNER))
                .hasMessage(ImportException.notFound("unknown").getMessage());
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.BUFFERED);
    }

    @Test
    void discardDeletesEverything() {
        gatedEngine();
        String id = upload(engine, peopleCsv(files, 10, 0));
        gated.runNext();
        engine.discard(id, OWNER);
        assertThatThrownBy(() -> engine.status(id, OWNER)).isInstanceOf(ImportException.class);
        assertThat(filesNamed(work, "")).isEmpty();
    }

    @Test
    void decimalAndDateValuesSurviveStagingExactly() {
        engine = EtlEngine.builder().workDirectory(work).schema(dev.sseetl.schema.Schema.named("prices")
                .column(dev.sseetl.schema.Column.decimal("price").scale(2))).build();
        String id = engine.upload("prices", new ByteArrayInputStream("price\n0.10\n12.5\n".getBytes()), "p.csv",
                Map.of(), OWNER);
        awaitState(engine, id, ImportState.BUFFERED);
        List<StagedRow> rows = engine.preview(id, OWNER, 1, 10, RowFilter.ALL).rows();
        assertThat(rows.get(0).values().get(0)).isInstanceOf(BigDecimal.class);
        assertThat(((BigDecimal) rows.get(0).values().get(0)).compareTo(new BigDecimal("0.10"))).isZero();
    }
}
