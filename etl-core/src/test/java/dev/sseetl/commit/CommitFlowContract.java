package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole commit flow through the engine (upload, buffering, commit) into a real database; one subclass per
 * database. Rows are people: {@code name,email,age}; the table refuses an age of 1000 or more (a CHECK the schema does
 * not know), which injects a database failure at a chosen row.
 */
abstract class CommitFlowContract {
    static final String OWNER = "alice";
    static final String DDL = "CREATE TABLE %s (email VARCHAR(200) PRIMARY KEY, name VARCHAR(100) NOT NULL, "
            + "age BIGINT CHECK (age < 1000))";
    static final Duration LONG = Duration.ofSeconds(120);

    TestDatabase db;
    String table;
    EtlEngine engine;

    abstract TestDatabase database();

    @BeforeEach
    void start() {
        db = database();
        table = db.createTable(DDL);
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        db.close();
    }

    Schema people(CommitTarget target) {
        return Schema.named("people")
                .column(Column.string("name").label("Name").required().maxLength(100).example("Ada Lovelace"))
                .column(Column.email("email").label("E-mail").required().unique())
                .column(Column.integer("age").label("Age").min(0))
                .target(target)
                .build();
    }

    EtlEngine engine(CommitTarget target) {
        engine = EtlEngine.builder().schema(people(target)).progressInterval(Duration.ofMillis(20)).build();
        return engine;
    }

    EtlEngine engine() {
        return engine(JdbcTable.of(db.dataSource(), table));
    }

    /** A CSV of {@code rows} people; {@code line} gives data row i (1-based) or null for the default one. */
    static byte[] csv(int rows, IntFunction<String> line) {
        StringBuilder sb = new StringBuilder(rows * 40).append("Name,E-mail,Age\n");
        for (int i = 1; i <= rows; i++) {
            String custom = line.apply(i);
            sb.append(custom != null ? custom : "Person " + i + ",p" + i + "@example.com," + (i % 100)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    String upload(byte[] file) {
        String id = engine.upload("people", new ByteArrayInputStream(file), "people.csv", Map.of(), OWNER);
        awaitState(id, ImportState.BUFFERED);
        return id;
    }

    void awaitState(String id, ImportState state) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(20)).until(() -> {
            ImportState now = engine.status(id, OWNER).job().state();
            if (now != state && now.isTerminal()) {
                throw new AssertionError("import ended " + now + ": " + engine.status(id, OWNER).job().message());
            }
            return now == state;
        });
    }

    CommitResult commitAndWait(String id, CommitOptions options, ImportState expected) {
        engine.commit(id, OWNER, options);
        awaitState(id, expected);
        await().atMost(LONG).until(() -> engine.progress(id, OWNER, Phase.COMMIT).status() != ProgressStatus.PROCESSING);
        ProgressSnapshot end = engine.progress(id, OWNER, Phase.COMMIT);
        assertThat(end.result()).as("commit result").isNotNull();
        return end.result();
    }

    // ------------------------------------------------------------------ a refused row at 50,001 of 100,000

    /** 100,000 data rows; data row 50,001 (source row 50,002) breaks the CHECK; the last 10 are invalid e-mails. */
    static byte[] hundredThousandWithARefusedRow() {
        return csv(100_000, i -> i == 50_001 ? "Too Old,old@example.com,5000"
                : i > 99_990 ? "Bad " + i + ",not-an-email-" + i + "," + 1 : null);
    }

    @Test
    void validRowsCommitsTheChunksBeforeARefusedRowAndNamesTheRowAndTheDatabaseMessage() {
        engine();
        String id = upload(hundredThousandWithARefusedRow());
        assertThat(engine.status(id, OWNER).summary().invalid()).isEqualTo(10);

        CommitResult r = commitAndWait(id, new CommitOptions(CommitMode.VALID_ROWS, 5_000), ImportState.FAILED);

        // chunks of 5,000 valid rows: chunks 1-10 hold data rows 1-50,000; chunk 11 holds the refused row
        assertThat(r.committedChunks()).isEqualTo(10);
        assertThat(r.inserted()).isEqualTo(50_000);
        assertThat(r.updated()).isZero();
        assertThat(r.skipped()).isEqualTo(10);
        assertThat(r.failed()).isEqualTo(99_990 - 50_000);
        assertThat(r.failedRow()).isEqualTo(50_002L);
        assertThat(r.message()).containsIgnoringCase("check");
        assertThat(db.count(table)).isEqualTo(50_000);
        assertThat(db.queryLong("SELECT max(age) FROM " + table)).isLessThan(1000);
        ProgressSnapshot end = engine.progress(id, OWNER, Phase.COMMIT);
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.message()).startsWith("Row 50002: ").contains("10 chunks (50000 rows) were committed before it");
    }

    @Test
    void allOrNothingWritesNothingWhenARowIsRefused() {
        engine();
        String id = upload(hundredThousandWithARefusedRow());

        CommitResult r = commitAndWait(id, new CommitOptions(CommitMode.ALL_OR_NOTHING, 5_000), ImportState.FAILED);

        assertThat(r.inserted()).isZero();
        assertThat(r.updated()).isZero();
        assertThat(r.committedChunks()).isZero();
        assertThat(r.skipped()).isEqualTo(10);
        assertThat(r.failed()).isEqualTo(99_990);
        assertThat(r.failedRow()).isEqualTo(50_002L);
        assertThat(db.count(table)).isZero();
        assertThat(engine.progress(id, OWNER, Phase.COMMIT).message()).contains("Nothing was written");
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aCleanFileCommitsEveryValidRowWithProgressOverTheValidRows(CommitMode mode) {
        engine();
        String id = upload(csv(12_345, i -> i % 1000 == 0 ? "No Mail " + i + ",,3" : null));

        CommitResult r = commitAndWait(id, new CommitOptions(mode, 1_000), ImportState.COMMITTED);

        assertThat(r).isEqualTo(new CommitResult(12_333, 0, 12, 0, 13, null, null));
        assertThat(db.count(table)).isEqualTo(12_333);
        ProgressSnapshot end = engine.progress(id, OWNER, Phase.COMMIT);
        assertThat(end.status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(end.processed()).isEqualTo(12_333);
        assertThat(end.total()).isEqualTo(12_333);
    }

    // ------------------------------------------------------------------ exactly once

    @Test
    void twentyConcurrentCommitCallsStartExactlyOneCommit() throws Exception {
        engine();
        String id = upload(csv(3_000, i -> null));
        int callers = 20;
        CyclicBarrier barrier = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit((Callable<String>) () -> {
                    barrier.await();
                    try {
                        engine.commit(id, OWNER, CommitOptions.defaults());
                        return "started";
                    } catch (ImportException e) {
                        return e.code().name();
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn("started"::equals).hasSize(1);
            assertThat(results).filteredOn(ErrorCode.CONFLICT.name()::equals).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
        awaitState(id, ImportState.COMMITTED);
        assertThat(engine.progress(id, OWNER, Phase.COMMIT).result().inserted()).isEqualTo(3_000);
        assertThat(db.count(table)).isEqualTo(3_000);
        try {
            engine.commit(id, OWNER, CommitOptions.defaults());
            throw new AssertionError("a committed import was committed again");
        } catch (ImportException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("already committed");
        }
    }

    @Test
    void reimportingTheSameFileUpdatesInsteadOfDuplicating() {
        engine();
        byte[] file = csv(7_000, i -> null);
        CommitResult first = commitAndWait(upload(file), CommitOptions.defaults(), ImportState.COMMITTED);
        CommitResult second = commitAndWait(upload(file), CommitOptions.defaults(), ImportState.COMMITTED);

        assertThat(first.inserted()).isEqualTo(7_000);
        assertThat(first.updated()).isZero();
        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).isEqualTo(7_000);
        assertThat(db.count(table)).isEqualTo(7_000);
    }

    @Test
    void aChangedFileUpdatesTheKnownRowsAndInsertsTheNewOnes() {
        engine();
        commitAndWait(upload(csv(1_000, i -> null)), CommitOptions.defaults(), ImportState.COMMITTED);
        byte[] changed = csv(1_500, i -> "Renamed " + i + ",p" + (i + 500) + "@example.com,7");
        CommitResult r = commitAndWait(upload(changed), CommitOptions.defaults().withMode(CommitMode.ALL_OR_NOTHING),
                ImportState.COMMITTED);
        assertThat(r.inserted()).isEqualTo(1_000);
        assertThat(r.updated()).isEqualTo(500);
        assertThat(db.count(table)).isEqualTo(2_000);
        assertThat(db.query("SELECT name, age FROM " + table + " WHERE email = 'p501@example.com'"))
                .containsExactly(List.of("Renamed 1", 7L));
    }

    // ------------------------------------------------------------------ cancel

    /**
     * A JdbcTable that, once its chunk {@code pauseAfter} is written, counts down {@code paused} and waits until the
     * import is cancelled (the job then stops before the next chunk).
     */
    CommitTarget pausingAfter(int pauseAfter, String[] importId, CountDownLatch paused) {
        JdbcTable real = JdbcTable.of(db.dataSource(), table);
        return (schema, mode) -> {
            CommitSession session = real.open(schema, mode);
            return new CommitSession() {
                int chunks;

                @Override
                public ChunkResult write(List<StagedRow> rows) {
                    ChunkResult r = session.write(rows);
                    if (++chunks == pauseAfter) {
                        paused.countDown();
                        await().atMost(LONG).until(() -> engine.status(importId[0], OWNER).job().state()
                                == ImportState.CANCELLED);
                    }
                    return r;
                }

                @Override
                public void complete() {
                    session.complete();
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        };
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void cancelMidCommitStopsBetweenChunks(CommitMode mode) throws InterruptedException {
        String[] id = new String[1];
        CountDownLatch paused = new CountDownLatch(1);
        engine(pausingAfter(3, id, paused));
        id[0] = upload(csv(10_000, i -> null));
        engine.commit(id[0], OWNER, new CommitOptions(mode, 1_000));
        assertThat(paused.await(LONG.toSeconds(), TimeUnit.SECONDS)).as("three chunks written").isTrue();

        engine.cancel(id[0], OWNER);

        await().atMost(LONG).until(() -> engine.progress(id[0], OWNER, Phase.COMMIT).status() == ProgressStatus.CANCELLED);
        CommitResult r = engine.progress(id[0], OWNER, Phase.COMMIT).result();
        assertThat(engine.status(id[0], OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        if (mode == CommitMode.VALID_ROWS) {
            assertThat(db.count(table)).isEqualTo(3_000);
            assertThat(r.inserted()).isEqualTo(3_000);
            assertThat(r.committedChunks()).isEqualTo(3);
            assertThat(r.failed()).isEqualTo(7_000);
        } else {
            assertThat(db.count(table)).isZero();
            assertThat(r.inserted()).isZero();
            assertThat(r.failed()).isEqualTo(10_000);
        }
    }

    // ------------------------------------------------------------------ templates and error reports

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void aTemplateReopensWithPoiAndItsExampleRowCommitsIntoTheTable(FileFormat format) throws IOException {
        engine();
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        engine.writeTemplate("people", format, template);
        if (format == FileFormat.XLSX) {
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template.toByteArray()))) {
                assertThat(wb.getSheetAt(0).getRow(0).getCell(1).getStringCellValue()).isEqualTo("E-mail");
            }
        }
        String id = upload(template.toByteArray());
        assertThat(engine.status(id, OWNER).summary().valid()).isEqualTo(1);

        CommitResult r = commitAndWait(id, CommitOptions.defaults(), ImportState.COMMITTED);

        assertThat(r.inserted()).isEqualTo(1);
        assertThat(db.query("SELECT name, email FROM " + table)).containsExactly(List.of("Ada Lovelace", "name@example.com"));
    }

    @Test
    void theErrorReportHoldsExactlyTheInvalidRows() throws IOException {
        engine();
        String id = upload(csv(2_000, i -> i % 250 == 0 ? "Bad " + i + ",nope" + i + ",-4" : null));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        engine.writeErrorReport(id, OWNER, FileFormat.CSV, report);

        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(
                report.toString(StandardCharsets.UTF_8).substring(1))).getRecords();
        assertThat(records.get(0).toList()).containsExactly("Name", "E-mail", "Age", "Source row", "Errors");
        List<CSVRecord> rows = records.subList(1, records.size());
        assertThat(rows).extracting(rec -> rec.get(3))
                .containsExactly("251", "501", "751", "1001", "1251", "1501", "1751", "2001");
        assertThat(rows.get(0).toList().subList(0, 3)).containsExactly("Bad 250", "nope250", "-4");
        assertThat(rows.get(0).get(4)).contains("E-mail").contains("Age");
    }
}
