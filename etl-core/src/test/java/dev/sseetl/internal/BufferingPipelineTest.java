package dev.sseetl.internal;

import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Limits;
import dev.sseetl.Phase;
import dev.sseetl.Preview;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReader;
import dev.sseetl.read.RowReaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.bytesFile;
import static dev.sseetl.internal.Fixtures.filesNamed;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Buffering reads on a thread of its own ({@link RowPipe}) while the job's thread validates and stages. */
class BufferingPipelineTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private EtlEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private EtlEngine engine(Limits limits) {
        engine = EtlEngine.builder().schema(people()).workDirectory(work).limits(limits)
                .progressInterval(Duration.ZERO).build();
        return engine;
    }

    private static List<ProgressSnapshot> watch(EtlEngine engine, String id) {
        List<ProgressSnapshot> seen = new CopyOnWriteArrayList<>();
        engine.subscribe(id, OWNER, Phase.BUFFER, seen::add);
        return seen;
    }

    private static List<String> readingThreads(String id) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.equals("sse-etl-read-" + id)).toList();
    }

    /** What the reader itself does with the file: the rows it hands out before it refuses, and its message. */
    private record Refusal(long rowsBefore, String message) {
    }

    private static Refusal readersOwnRefusal(Path file, Limits limits) {
        long rows = 0;
        try (RowReader reader = RowReaders.open(file, FileFormat.CSV, ReadOptions.of(limits))) {
            while (reader.next() != null) {
                rows++;
            }
            throw new AssertionError("the reader read the whole file");
        } catch (ImportException e) {
            return new Refusal(rows, e.getMessage());
        }
    }

    /** Valid rows, then one row in Latin-1 (invalid UTF-8) at line {@code badLine}, then more valid rows. */
    private Path csvBrokenAtLine(int badLine, int rowsAfter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Name,Email,Age\n".getBytes(UTF_8));
        for (int line = 2; line < badLine; line++) {
            out.writeBytes(("Person " + line + ",p" + line + "@example.com,30\n").getBytes(UTF_8));
        }
        out.writeBytes("Zo\u00eb,zoe@example.com,30\n".getBytes(ISO_8859_1));
        for (int i = 0; i < rowsAfter; i++) {
            out.writeBytes(("After " + i + ",a" + i + "@example.com,30\n").getBytes(UTF_8));
        }
        return bytesFile(files, "broken.csv", out.toByteArray());
    }

    private void assertFailedWith(String id, Refusal refusal, List<ProgressSnapshot> seen) {
        String message = refusal.message();
        awaitState(engine, id, ImportState.FAILED);
        assertThat(engine.status(id, OWNER).job().message()).isEqualTo(message);
        await().atMost(Duration.ofSeconds(5)).until(() -> filesNamed(work, id).isEmpty()
                && engine.progress(id, OWNER, Phase.BUFFER).status() == ProgressStatus.FAILED);
        assertThat(engine.progress(id, OWNER, Phase.BUFFER).message()).isEqualTo(message);
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(Summary.EMPTY);
        assertThat(readingThreads(id)).as("the reading thread ends with the job").isEmpty();
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(engine.progress(id, OWNER, Phase.BUFFER).processed())
                .as("every row the reader handed out before it refused went through first")
                .isEqualTo(refusal.rowsBefore());
    }

    @Test
    void aReaderFailureMidFileEndsFailedWithTheReadersOwnMessageAndLeavesNoThreadOrFile() {
        engine(Limits.defaults());
        Path file = csvBrokenAtLine(3_000, 2_000);
        Refusal refusal = readersOwnRefusal(file, Limits.defaults());
        assertThat(refusal.message()).contains("3000");
        assertThat(refusal.rowsBefore()).as("more than one batch before the failure").isGreaterThan(RowPipe.BATCH);
        String id = upload(engine, file);
        assertFailedWith(id, refusal, watch(engine, id));
    }

    @Test
    void aLimitBrokenMidFileEndsFailedWithTheReadersOwnMessage() {
        Limits limits = Limits.custom().maxRows(1_500).build();
        engine(limits);
        Path file = peopleCsv(files, 3_000, 0);
        Refusal refusal = readersOwnRefusal(file, limits);
        String id = upload(engine, file);
        assertFailedWith(id, refusal, watch(engine, id));
    }

    @Test
    void rowsKeepFileOrderAndRowNumbersAcrossBatches() {
        engine(Limits.defaults());
        int rows = RowPipe.BATCH * 5 + 17;
        String id = upload(engine, peopleCsv(files, rows, 7));
        List<ProgressSnapshot> seen = watch(engine, id);
        awaitState(engine, id, ImportState.BUFFERED);
        int invalid = (rows + 6) / 7;
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(new Summary(rows, rows - invalid, invalid));
        List<StagedRow> staged = new ArrayList<>();
        for (int page = 1; staged.size() < rows; page++) {
            Preview preview = engine.preview(id, OWNER, page, 500, RowFilter.ALL);
            assertThat(preview.rows()).isNotEmpty();
            staged.addAll(preview.rows());
        }
        for (int i = 0; i < rows; i++) {
            StagedRow row = staged.get(i);
            assertThat(row.row()).isEqualTo(i + 2);
            assertThat(row.values().get(0)).isEqualTo("Person " + i);
            assertThat(row.valid()).isEqualTo(i % 7 != 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).status().isFinal());
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
        assertThat(seen.get(seen.size() - 1).total()).isEqualTo(rows);
        assertThat(readingThreads(id)).isEmpty();
    }

    @Test
    void cancelMidPipelineStopsTheReadingThreadAndDeletesTheFiles() {
        engine(Limits.defaults());
        String id = upload(engine, peopleCsv(files, 400_000, 0));
        List<ProgressSnapshot> seen = watch(engine, id);
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(s -> s.processed() > 0));
        assertThat(readingThreads(id)).as("reading runs on its own thread").hasSize(1);
        engine.cancel(id, OWNER);
        await().atMost(Duration.ofSeconds(1)).until(() -> filesNamed(work, id).isEmpty()
                && engine.progress(id, OWNER, Phase.BUFFER).status() == ProgressStatus.CANCELLED);
        assertThat(readingThreads(id)).isEmpty();
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        assertThat(seen).extracting(ProgressSnapshot::processed).isSorted();
    }
}
