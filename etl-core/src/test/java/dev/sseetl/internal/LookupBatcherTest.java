package dev.sseetl.internal;

import dev.sseetl.CellError;
import dev.sseetl.StagedRow;
import dev.sseetl.commit.TestDatabase;
import dev.sseetl.rules.JdbcLookup;
import dev.sseetl.rules.ValueLookup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LookupBatcherTest {
    private static final int ROWS = 100_000;
    private static final int DISTINCT = 60_000;

    @Test
    void looksUpAHundredThousandRowsInOneQueryPerBatchOfDistinctValuesAndFlagsTheUnknownRows() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            String skus = db.createTable("CREATE TABLE %s (sku VARCHAR(20) PRIMARY KEY)");
            db.execute("INSERT INTO " + skus + " SELECT 'S' || X FROM SYSTEM_RANGE(0, " + (DISTINCT - 1) + ")"
                    + " WHERE MOD(X, 2) = 0");
            AtomicInteger queries = new AtomicInteger();
            JdbcLookup lookup = JdbcLookup.of(Fixtures.countingStatements(db.dataSource(), queries), skus, "sku");
            List<StagedRow> out = new ArrayList<>();
            LookupBatcher batcher = new LookupBatcher("imp1", List.of(new LookupBatcher.Column(0, "sku", "SKU", lookup)),
                    out::add);
            int maxHeld = 0;
            for (int i = 0; i < ROWS; i++) {
                batcher.accept(row(i + 2, "S" + (i % DISTINCT), i % 1000 == 0 ? null : "x"));
                maxHeld = Math.max(maxHeld, batcher.heldRows());
            }
            batcher.finish();

            int batches = (DISTINCT + ValueLookup.DEFAULT_BATCH_SIZE - 1) / ValueLookup.DEFAULT_BATCH_SIZE;
            assertThat(queries.get()).isLessThanOrEqualTo(batches + 1);
            assertThat(batcher.calls()).isEqualTo(queries.get());
            assertThat(maxHeld).isLessThanOrEqualTo(4 * ValueLookup.DEFAULT_BATCH_SIZE);
            assertThat(out).hasSize(ROWS);
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                StagedRow r = out.get(i);
                int n = i % DISTINCT;
                List<CellError> expected = n % 2 == 0 ? List.of()
                        : List.of(new CellError("sku", "exists", "SKU 'S" + n + "' is not a known value."));
                if (r.row() != i + 2 || !r.errors().equals(expected)) {
                    wrong.add("row " + r.row() + ": " + r.errors());
                }
            }
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void skipsEmptyAndAlreadyRefusedCellsAndKeepsEarlierErrors() {
        List<Object> asked = new ArrayList<>();
        ValueLookup lookup = values -> {
            asked.addAll(values);
            return Set.of();
        };
        List<StagedRow> out = new ArrayList<>();
        LookupBatcher batcher = new LookupBatcher("imp2", List.of(new LookupBatcher.Column(0, "sku", "SKU", lookup)),
                out::add);
        CellError tooLong = new CellError("sku", "max_length", "SKU 'LONG' is longer than 3 characters.");
        CellError otherCell = new CellError("name", "required", "Name is required, but the cell is empty.");
        batcher.accept(StagedRow.of(2, new Object[] {null, "a"}, new String[] {"LONG", "a"}, List.of(tooLong)));
        batcher.accept(StagedRow.of(3, new Object[] {null, "b"}, new String[] {null, "b"}, List.of()));
        batcher.accept(StagedRow.of(4, new Object[] {"S9", null}, new String[] {"S9", null}, List.of(otherCell)));
        batcher.finish();

        assertThat(asked).containsExactly("S9");
        assertThat(out).extracting(StagedRow::row).containsExactly(2L, 3L, 4L);
        assertThat(out.get(0).errors()).containsExactly(tooLong);
        assertThat(out.get(1).valid()).isTrue();
        assertThat(out.get(2).errors()).containsExactly(otherCell,
                new CellError("sku", "exists", "SKU 'S9' is not a known value."));
    }

    @Test
    void aFailingLookupRefusesThatBatchsCellsAndTheImportGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        ValueLookup flaky = new ValueLookup() {
            @Override
            public Set<Object> known(java.util.Collection<Object> values) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("connection refused");
                }
                return Set.copyOf(values);
            }

            @Override
            public int batchSize() {
                return 2;
            }
        };
        List<StagedRow> out = new ArrayList<>();
        LookupBatcher batcher = new LookupBatcher("imp3", List.of(new LookupBatcher.Column(0, "sku", "SKU", flaky)),
                out::add);
        for (int i = 0; i < 4; i++) {
            batcher.accept(row(i + 2, "S" + i, "x"));
        }
        batcher.finish();

        assertThat(out).hasSize(4);
        assertThat(out.subList(0, 2)).allSatisfy(r -> assertThat(r.errors()).singleElement()
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("rule_failed");
                    assertThat(e.message()).startsWith("SKU 'S").contains("could not be checked");
                }));
        assertThat(out.subList(2, 4)).allSatisfy(r -> assertThat(r.valid()).isTrue());
    }

    @Test
    void aValueSeenBeforeIsNotAskedAgainAndItsRowIsNotHeld() {
        AtomicInteger calls = new AtomicInteger();
        ValueLookup lookup = values -> {
            calls.incrementAndGet();
            return Set.of("A");
        };
        List<StagedRow> out = new ArrayList<>();
        LookupBatcher batcher = new LookupBatcher("imp4", List.of(new LookupBatcher.Column(0, "sku", "SKU", lookup)),
                out::add);
        batcher.accept(row(2, "A", "x"));
        batcher.accept(row(3, "B", "x"));
        batcher.finish();
        batcher.accept(row(4, "B", "x"));
        batcher.accept(row(5, "A", "x"));
        assertThat(batcher.heldRows()).isZero();
        batcher.finish();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(out).extracting(r -> r.errors().isEmpty()).containsExactly(true, false, false, true);
    }

    private static StagedRow row(long number, String sku, String name) {
        return StagedRow.of(number, new Object[] {sku, name}, new String[] {sku, name}, List.of());
    }

}
