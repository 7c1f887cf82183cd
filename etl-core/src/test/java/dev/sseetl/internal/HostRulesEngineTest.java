package dev.sseetl.internal;

import dev.sseetl.CellError;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Preview;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.commit.TestDatabase;
import dev.sseetl.rules.CellCheck;
import dev.sseetl.rules.CellTransform;
import dev.sseetl.rules.ImportListener;
import dev.sseetl.rules.Rejection;
import dev.sseetl.rules.ValueLookup;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The host's transforms, cell checks, row rules, look-ups and listener, through the engine's buffering. */
class HostRulesEngineTest {
    @TempDir
    Path work;

    private EtlEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** sku (upper-cased, known SKUs only, even number suffix), qty, from, until (after from). */
    private static Schema.Builder orders(ValueLookup skus) {
        return Schema.named("orders")
                .column(Column.string("sku").label("SKU").required().transform(CellTransform.upperCase())
                        .exists(skus))
                .column(Column.integer("qty").label("Quantity")
                        .check(CellCheck.of(v -> ((Long) v) % 2 == 0, Rejection.of("even", "is not an even number"))))
                .column(Column.date("from").label("From"))
                .column(Column.date("until").label("Until"))
                .rule((row, errors) -> {
                    LocalDate from = row.get("from", LocalDate.class);
                    LocalDate until = row.get("until", LocalDate.class);
                    if (from != null && until != null && !until.isAfter(from)) {
                        errors.reject(Rejection.of("until_before_from", "is not after the start date {from}",
                                Map.of("from", from)), "until");
                    }
                });
    }

    private Preview buffer(Schema schema, String csv) {
        engine = EtlEngine.builder().schema(schema).workDirectory(work).progressInterval(Duration.ZERO).build();
        String id = engine.upload(schema.name(), new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                "orders.csv", Map.of(), OWNER);
        awaitState(engine, id, ImportState.BUFFERED);
        return engine.preview(id, OWNER, 1, 100, RowFilter.ALL);
    }

    private static Map<String, String> codes(StagedRow row) {
        return row.errors().stream().collect(java.util.stream.Collectors.toMap(CellError::column, CellError::code));
    }

    @Test
    void eachKindOfRuleReachesThePreviewWithItsCodeAndMessage() {
        Preview preview = buffer(orders(ValueLookup.of(List.of("SKU-1", "SKU-2"))).build(), """
                SKU,Quantity,From,Until
                sku-1,2,2024-01-01,2024-02-01
                SKU-9,4,2024-01-01,2024-02-01
                SKU-2,3,2024-01-01,2024-02-01
                SKU-2,2,2024-03-01,2024-02-01
                """);

        List<StagedRow> rows = preview.rows();
        assertThat(rows.get(0).valid()).isTrue();
        assertThat(rows.get(0).values().get(0)).isEqualTo("SKU-1"); // transformed before the look-up
        assertThat(rows.get(0).raw().get(0)).isEqualTo("sku-1"); // the preview shows what the file said
        assertThat(codes(rows.get(1))).isEqualTo(Map.of("sku", "exists"));
        assertThat(rows.get(1).errors().get(0).message()).isEqualTo("SKU 'SKU-9' is not a known value.");
        assertThat(codes(rows.get(2))).isEqualTo(Map.of("qty", "even"));
        assertThat(rows.get(2).errors().get(0).message()).isEqualTo("Quantity '3' is not an even number.");
        assertThat(codes(rows.get(3))).isEqualTo(Map.of("until", "until_before_from"));
        assertThat(rows.get(3).errors().get(0).message())
                .isEqualTo("Until '2024-02-01' is not after the start date 2024-03-01.");
        assertThat(preview.summary().valid()).isEqualTo(1);
        assertThat(preview.summary().invalid()).isEqualTo(3);
    }

    @Test
    void aThrowingRuleMakesItsRowInvalidWithRuleFailedAndTheImportGoesOn() {
        Schema schema = Schema.named("orders")
                .column(Column.string("sku").label("SKU").check(v -> {
                    if (v.equals("BOOM")) {
                        throw new IllegalStateException("catalogue offline");
                    }
                    return Optional.empty();
                }))
                .column(Column.integer("qty").label("Quantity").exists(values -> {
                    throw new IllegalStateException("look-up offline");
                }))
                .rule((row, errors) -> {
                    if ("ROW".equals(row.get("sku"))) {
                        throw new IllegalStateException("row rule broken");
                    }
                })
                .build();
        Preview preview = buffer(schema, "SKU,Quantity\nBOOM,\nROW,\nOK,\nOK,5\n");

        List<StagedRow> rows = preview.rows();
        assertThat(codes(rows.get(0))).isEqualTo(Map.of("sku", "rule_failed"));
        assertThat(rows.get(0).errors().get(0).message()).startsWith("SKU 'BOOM' could not be checked because of an"
                + " error on the server");
        assertThat(codes(rows.get(1))).isEqualTo(Map.of("sku", "rule_failed"));
        assertThat(rows.get(1).errors().get(0).message()).startsWith("This row could not be checked");
        assertThat(rows.get(2).valid()).isTrue();
        assertThat(codes(rows.get(3))).isEqualTo(Map.of("qty", "rule_failed"));
        assertThat(engine.status(preview.job().id(), OWNER).job().state()).isEqualTo(ImportState.BUFFERED);
    }

    @Test
    void jsonExistsIsLookedUpInTheEnginesDatabaseInBatchesNeverOnceARow() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            assertJsonExistsInBatches(db);
        }
    }

    @Test
    void jsonExistsAgainstThePostgresDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            assertJsonExistsInBatches(db);
        }
    }

    /** 100,000 rows of 100,000 distinct e-mail addresses, every tenth unknown: 50 queries of 2,000 values. */
    private void assertJsonExistsInBatches(TestDatabase db) {
        String users = db.createTable("CREATE TABLE %s (email VARCHAR(60) PRIMARY KEY)");
        int rows = 100_000;
        StringBuilder insert = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            if (i % 10 != 0) {
                insert.append(insert.length() == 0 ? "INSERT INTO " + users + " VALUES " : ",")
                        .append("('u").append(i).append("@example.com')");
            }
            if (insert.length() > 500_000 || i == rows - 1) {
                db.execute(insert.toString());
                insert.setLength(0);
            }
        }
        Schema schema = SchemaLoader.fromJson("""
                {"name": "orders", "columns": [
                  {"key": "manager", "label": "Manager", "type": "email", "required": true,
                   "exists": {"table": "%s", "column": "email"}}]}""".formatted(users));
        AtomicInteger queries = new AtomicInteger();
        engine = EtlEngine.builder().schema(schema).workDirectory(work).progressInterval(Duration.ZERO)
                .dataSource(Fixtures.countingStatements(db.dataSource(), queries)).build();
        StringBuilder csv = new StringBuilder("Manager\n");
        for (int i = 0; i < rows; i++) {
            csv.append('u').append(i).append("@example.com\n");
        }
        String id = engine.upload("orders", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                "orders.csv", Map.of(), OWNER);
        awaitState(engine, id, ImportState.BUFFERED);

        Summary summary = engine.preview(id, OWNER, 1, 1, RowFilter.INVALID).summary();
        assertThat(summary.invalid()).isEqualTo(rows / 10);
        assertThat(summary.valid()).isEqualTo(rows - rows / 10);
        StagedRow unknown = engine.preview(id, OWNER, 1, 1, RowFilter.INVALID).rows().get(0);
        assertThat(unknown.errors()).extracting(CellError::code).containsExactly("exists");
        assertThat(unknown.errors().get(0).message()).isEqualTo("Manager 'u0@example.com' is not a known value.")
                .doesNotContain(users);
        assertThat(queries.get()).as("queries for %d rows", rows)
                .isLessThanOrEqualTo(rows / ValueLookup.DEFAULT_BATCH_SIZE + 1);
    }

    // ---------------------------------------------------------------- the listener

    /** Every event heard, as "event id detail". */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    private final ImportListener listener = new ImportListener() {
        @Override
        public void buffered(ImportJob job, Summary summary) {
            hear("buffered " + job.id() + " " + summary.valid() + "/" + summary.invalid());
        }

        @Override
        public void committed(ImportJob job, CommitResult result) {
            hear("committed " + job.id() + " " + result.inserted());
        }

        @Override
        public void failed(ImportJob job, String message) {
            hear("failed " + job.id());
        }

        @Override
        public void cancelled(ImportJob job, String reason) {
            hear("cancelled " + job.id() + " " + reason);
        }

        private void hear(String event) {
            heard.add(event);
            threads.add(Thread.currentThread().getName());
        }
    };

    private EtlEngine listenedEngine(Schema schema, Fixtures.GatedJobRunner runner) {
        EtlEngine.Builder builder = EtlEngine.builder().schema(schema).workDirectory(work)
                .progressInterval(Duration.ZERO);
        if (runner != null) {
            builder.jobRunner(runner);
        }
        engine = builder.listener(listener).listener(new ImportListener() {
                    @Override
                    public void buffered(ImportJob job, Summary summary) {
                        throw new IllegalStateException("a listener that throws changes nothing");
                    }
                }).build();
        return engine;
    }

    private String upload(String csv) {
        return engine.upload("people", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "p.csv",
                Map.of(), OWNER);
    }

    private void awaitHeard(Supplier<List<String>> expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() >= expected.get().size());
        assertThat(heard).containsExactlyElementsOf(expected.get());
    }

    @Test
    void theListenerHearsBufferedAndCommittedOnceEachOffTheRequestThread() throws Exception {
        MemoryTable table = new MemoryTable();
        listenedEngine(Fixtures.people().withTarget(table), null);
        String id = upload("Name,Email\nAda,ada@example.com\nBob,not-an-email\n");
        awaitState(engine, id, ImportState.BUFFERED);
        engine.commit(id, OWNER, CommitOptions.defaults());
        awaitState(engine, id, ImportState.COMMITTED);

        awaitHeard(() -> List.of("buffered " + id + " 1/1", "committed " + id + " 1"));
        Thread.sleep(200); // nothing else comes
        assertThat(heard).hasSize(2);
        assertThat(threads).containsOnly("sse-etl-import-events");
    }

    @Test
    void theListenerHearsFailedAndCancelledOnceEach() throws Exception {
        Fixtures.GatedJobRunner runner = new Fixtures.GatedJobRunner();
        listenedEngine(Fixtures.people(), runner);
        String broken = upload("Foo\nx\n"); // lacks the required columns
        runner.runNext();
        awaitState(engine, broken, ImportState.FAILED);
        String id = upload("Name,Email\nAda,ada@example.com\n");
        engine.cancel(id, OWNER); // while queued
        runner.runNext(); // the job finds it cancelled and ends it again: no second event
        awaitState(engine, id, ImportState.CANCELLED);

        awaitHeard(() -> List.of("failed " + broken, "cancelled " + id + " The import was cancelled."));
        Thread.sleep(200);
        assertThat(heard).hasSize(2);
    }
}
