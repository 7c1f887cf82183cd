package dev.sseetl.testing;

import dev.sseetl.CellError;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.StagingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link StagingStore} promises. Extend it with {@link #createStore()} returning a fresh, empty
 * store; override {@link #closeStore(StagingStore)} to release it.
 */
public abstract class StagingStoreContract {
    protected StagingStore store;

    /** A new store with nothing staged. */
    protected abstract StagingStore createStore();

    /** Releases the store after each test. */
    protected void closeStore(StagingStore store) {
    }

    @BeforeEach
    void createTheStore() {
        store = createStore();
    }

    @AfterEach
    void closeTheStore() {
        closeStore(store);
    }

    protected static String anImportId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A row numbered like a spreadsheet (ordinal 0 = row 2) with two columns; invalid rows carry one error. */
    protected static StagedRow aRow(long ordinal, boolean valid) {
        List<CellError> errors = valid ? List.of() : List.of(new CellError("qty", "type", "Row " + (ordinal + 2) + " is not a number"));
        return new StagedRow(ordinal + 2, Arrays.asList("name " + ordinal, valid ? ordinal : null),
                Arrays.asList("name " + ordinal, valid ? Long.toString(ordinal) : "x" + ordinal), errors);
    }

    /** Stages rows whose validity follows {@code valid}, and returns them. */
    protected List<StagedRow> stage(String importId, boolean[] valid) {
        List<StagedRow> rows = new ArrayList<>();
        try (StagingStore.Writer writer = store.open(importId, 2)) {
            for (int i = 0; i < valid.length; i++) {
                StagedRow row = aRow(i, valid[i]);
                writer.append(row);
                rows.add(row);
            }
            writer.finish();
        }
        return rows;
    }

    private static boolean[] aMixOfValidAndInvalid(int n, long seed) {
        Random random = new Random(seed);
        boolean[] valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            // runs of invalid rows as well as single ones, and the first and last rows invalid
            valid[i] = i != 0 && i != n - 1 && (i / 40 % 5 != 3) && random.nextInt(4) != 0;
        }
        return valid;
    }

    private static List<StagedRow> filtered(List<StagedRow> rows, RowFilter filter) {
        return rows.stream().filter(filter::accepts).toList();
    }

    private static List<StagedRow> pageOf(List<StagedRow> rows, int page, int size) {
        int from = Math.min(rows.size(), (page - 1) * size);
        return rows.subList(from, Math.min(rows.size(), from + size));
    }

    @Test
    void rowsBecomeVisibleOnlyWhenTheWriterFinishes() {
        String id = anImportId();
        try (StagingStore.Writer writer = store.open(id, 2)) {
            writer.append(aRow(0, true));
            writer.append(aRow(1, false));
            assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
            assertThat(store.page(id, RowFilter.ALL, 1, 10)).isEmpty();
            writer.finish();
        }
        assertThat(store.summary(id)).isEqualTo(new Summary(2, 1, 1));
        assertThat(store.page(id, RowFilter.ALL, 1, 10)).containsExactly(aRow(0, true), aRow(1, false));
    }

    @Test
    void keepsEveryValueTypeRawTextAndErrorExactly() {
        String id = anImportId();
        StagedRow typed = new StagedRow(2,
                Arrays.asList("Zoë \u2028 \"quoted\"\n", 42L, new BigDecimal("12.3400"), new BigDecimal("-1E+5"), true,
                        false, LocalDate.of(1904, 1, 1), LocalDateTime.of(2026, 11, 29, 23, 59, 58, 123_000_000), null),
                Arrays.asList("Zoë", "42", "12.3400", "-100000", "ya", "tidak", "1904-01-01", "2026-11-29T23:59:58.123", null),
                List.of());
        StagedRow broken = new StagedRow(3, Arrays.asList(null, null), Arrays.asList("", "x".repeat(40_000)),
                List.of(new CellError(null, "row", "The row is broken"), new CellError("qty", "type", "Not a number: x")));
        try (StagingStore.Writer writer = store.open(id, 9)) {
            writer.append(typed);
            writer.append(broken);
            writer.finish();
        }
        List<StagedRow> rows = store.page(id, RowFilter.ALL, 1, 10);
        assertThat(rows).containsExactly(typed, broken);
        assertThat(rows.get(0).values().get(2)).isEqualTo(new BigDecimal("12.3400")); // scale kept, not just equal value
        assertThat(rows.get(0).values()).extracting(v -> v == null ? "null" : v.getClass().getSimpleName())
                .containsExactly("String", "Long", "BigDecimal", "BigDecimal", "Boolean", "Boolean", "LocalDate",
                        "LocalDateTime", "null");
    }

    @Test
    void pagesOfEveryFilterHoldTheRightRowsInSourceOrder() {
        String id = anImportId();
        List<StagedRow> rows = stage(id, aMixOfValidAndInvalid(1_000, 7));
        for (RowFilter filter : RowFilter.values()) {
            List<StagedRow> expected = filtered(rows, filter);
            for (int size : new int[]{1, 7, 50, 500}) {
                int pages = (expected.size() + size - 1) / size;
                for (int page = 1; page <= pages + 1; page++) {
                    assertThat(store.page(id, filter, page, size))
                            .as("%s page %d of size %d", filter, page, size)
                            .isEqualTo(pageOf(expected, page, size));
                }
            }
        }
        assertThat(store.summary(id)).isEqualTo(new Summary(1_000, filtered(rows, RowFilter.VALID).size(),
                filtered(rows, RowFilter.INVALID).size()));
    }

    @Test
    void aPageFarBeyondTheEndIsEmpty() {
        String id = anImportId();
        stage(id, new boolean[]{true, false, true});
        assertThat(store.page(id, RowFilter.ALL, Integer.MAX_VALUE, 500)).isEmpty();
        assertThat(store.page(id, RowFilter.VALID, 2, 2)).isEmpty();
        assertThat(store.page(id, RowFilter.INVALID, 2, 1)).isEmpty();
    }

    @Test
    void aBufferWithOnlyValidOrOnlyInvalidRowsPagesEveryFilter() {
        String allValid = anImportId();
        String allInvalid = anImportId();
        List<StagedRow> valid = stage(allValid, new boolean[]{true, true, true});
        List<StagedRow> invalid = stage(allInvalid, new boolean[]{false, false, false});
        assertThat(store.page(allValid, RowFilter.VALID, 1, 2)).isEqualTo(valid.subList(0, 2));
        assertThat(store.page(allValid, RowFilter.INVALID, 1, 2)).isEmpty();
        assertThat(store.page(allInvalid, RowFilter.INVALID, 2, 2)).isEqualTo(invalid.subList(2, 3));
        assertThat(store.page(allInvalid, RowFilter.VALID, 1, 2)).isEmpty();
    }

    @Test
    void cursorsStreamTheRowsOfEachFilterInSourceOrder() {
        String id = anImportId();
        List<StagedRow> rows = stage(id, aMixOfValidAndInvalid(700, 3));
        for (RowFilter filter : RowFilter.values()) {
            List<StagedRow> seen = new ArrayList<>();
            try (StagingStore.Cursor cursor = store.rows(id, filter)) {
                cursor.forEachRemaining(seen::add);
            }
            assertThat(seen).as("%s", filter).isEqualTo(filtered(rows, filter));
        }
    }

    @Test
    void aCursorClosedEarlyReleasesTheBuffer() {
        String id = anImportId();
        stage(id, new boolean[]{true, true, true});
        try (StagingStore.Cursor cursor = store.rows(id, RowFilter.ALL)) {
            assertThat(cursor.next().row()).isEqualTo(2);
        }
        store.delete(id);
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
    }

    @Test
    void closingAWriterWithoutFinishingDiscardsItsRows() {
        String id = anImportId();
        try (StagingStore.Writer writer = store.open(id, 2)) {
            writer.append(aRow(0, true));
        }
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
        try (StagingStore.Cursor cursor = store.rows(id, RowFilter.ALL)) {
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void openingAgainReplacesAnEarlierAttempt() {
        String id = anImportId();
        stage(id, new boolean[]{true, true, false});
        List<StagedRow> second = stage(id, new boolean[]{false});
        assertThat(store.summary(id)).isEqualTo(new Summary(1, 0, 1));
        assertThat(store.page(id, RowFilter.ALL, 1, 10)).isEqualTo(second);
    }

    @Test
    void deletingForgetsTheRowsAndIsHarmlessTwice() {
        String id = anImportId();
        stage(id, new boolean[]{true, false});
        store.delete(id);
        store.delete(id);
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
        assertThat(store.page(id, RowFilter.ALL, 1, 10)).isEmpty();
    }

    @Test
    void deletingWhileStagingDropsTheRowsOfThatAttempt() {
        String id = anImportId();
        StagingStore.Writer writer = store.open(id, 2);
        writer.append(aRow(0, true));
        store.delete(id);
        try {
            writer.finish();
        } catch (RuntimeException allowed) {
            // a store may refuse to finish a deleted buffer; it must not resurrect it either way
        } finally {
            writer.close();
        }
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
    }

    @Test
    void anUnknownImportHasNoRows() {
        String id = anImportId();
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
        assertThat(store.page(id, RowFilter.INVALID, 1, 10)).isEmpty();
        try (StagingStore.Cursor cursor = store.rows(id, RowFilter.VALID)) {
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void importsAreKeptApart() {
        String a = anImportId();
        String b = anImportId();
        List<StagedRow> rowsOfA = stage(a, new boolean[]{true, false});
        stage(b, new boolean[]{true});
        store.delete(b);
        assertThat(store.page(a, RowFilter.ALL, 1, 10)).isEqualTo(rowsOfA);
    }

    @Test
    void manyReadersAtOnceSeeTheSameRows() throws Exception {
        String id = anImportId();
        List<StagedRow> rows = stage(id, aMixOfValidAndInvalid(2_000, 11));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RowFilter filter = RowFilter.values()[t % 3];
                int seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    List<StagedRow> expected = filtered(rows, filter);
                    for (int i = 0; i < 100; i++) {
                        int size = 1 + random.nextInt(60);
                        int page = 1 + random.nextInt(expected.size() / size + 1);
                        if (!store.page(id, filter, page, size).equals(pageOf(expected, page, size))) {
                            return false;
                        }
                    }
                    try (StagingStore.Cursor cursor = store.rows(id, filter)) {
                        List<StagedRow> all = new ArrayList<>();
                        cursor.forEachRemaining(all::add);
                        return all.equals(expected);
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The row as a person fixed it: valid or not, marked edited. */
    private static StagedRow edited(StagedRow row, boolean valid) {
        List<CellError> errors = valid ? List.of() : List.of(new CellError("qty", "type", "still not a number"));
        return new StagedRow(row.row(), Arrays.asList("fixed " + row.row(), valid ? row.row() : null),
                Arrays.asList("fixed " + row.row(), valid ? Long.toString(row.row()) : "y"), errors, true);
    }

    /** Every page (sizes 1, 7 and 64), every cursor and the summary agree with the expected rows. */
    private void assertStaged(String id, List<StagedRow> expected, long removed) {
        for (RowFilter filter : RowFilter.values()) {
            List<StagedRow> rows = filtered(expected, filter);
            for (int size : new int[]{1, 7, 64}) {
                int pages = (rows.size() + size - 1) / size;
                for (int page = 1; page <= pages + 1; page++) {
                    assertThat(store.page(id, filter, page, size))
                            .as("%s page %d of size %d", filter, page, size)
                            .isEqualTo(pageOf(rows, page, size));
                }
            }
            List<StagedRow> streamed = new ArrayList<>();
            try (StagingStore.Cursor cursor = store.rows(id, filter)) {
                cursor.forEachRemaining(streamed::add);
            }
            assertThat(streamed).as("cursor of %s", filter).isEqualTo(rows);
        }
        assertThat(store.summary(id)).isEqualTo(new Summary(expected.size(), filtered(expected, RowFilter.VALID).size(),
                filtered(expected, RowFilter.INVALID).size(), removed));
    }

    @Test
    void editedRowsReplaceTheirOldVersionInPagesCursorsCountsAndFind() {
        String id = anImportId();
        List<StagedRow> rows = new ArrayList<>(stage(id, aMixOfValidAndInvalid(300, 3)));
        List<StagedRow> batch = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 3) { // invalid rows fixed, every 5th valid one broken
            StagedRow old = rows.get(i);
            boolean valid = !old.valid() || i % 5 != 0;
            rows.set(i, edited(old, valid));
            batch.add(rows.get(i));
        }
        assertThat(store.update(id, batch)).isEqualTo(batch.size());
        assertStaged(id, rows, 0);
        StagedRow again = edited(rows.get(3), false); // edited twice: the latest version counts
        rows.set(3, again);
        assertThat(store.update(id, List.of(again))).isEqualTo(1);
        assertThat(store.find(id, again.row())).contains(again);
        assertThat(store.find(id, rows.get(4).row())).contains(rows.get(4));
        assertThat(store.find(id, again.row()).orElseThrow().edited()).isTrue();
        assertStaged(id, rows, 0);
    }

    @Test
    void removedRowsAreLeftOutOfPagesCursorsAndTheTotal() {
        String id = anImportId();
        List<StagedRow> rows = new ArrayList<>(stage(id, aMixOfValidAndInvalid(200, 5)));
        StagedRow fixed = edited(rows.get(10), true);
        store.update(id, List.of(fixed));
        rows.set(10, fixed);
        List<Long> gone = List.of(rows.get(0).row(), rows.get(10).row(), rows.get(57).row(), rows.get(199).row());
        for (long row : gone) {
            assertThat(store.remove(id, row)).isTrue();
            assertThat(store.remove(id, row)).as("removing twice").isFalse();
            assertThat(store.find(id, row)).isEmpty();
        }
        rows.removeIf(r -> gone.contains(r.row()));
        assertStaged(id, rows, gone.size());
        assertThat(store.update(id, List.of(edited(aRow(57, true), true)))).as("a removed row is not edited").isZero();
        assertStaged(id, rows, gone.size());
    }

    @Test
    void unknownImportsAndRowsAreNotFoundNorChanged() {
        String id = anImportId();
        assertThat(store.find(id, 2)).isEmpty();
        assertThat(store.update(id, List.of(aRow(0, true)))).isZero();
        assertThat(store.remove(id, 2)).isFalse();
        stage(id, new boolean[]{true, false});
        assertThat(store.find(id, 1)).isEmpty();
        assertThat(store.find(id, 4)).isEmpty();
        assertThat(store.find(id, 3)).contains(aRow(1, false));
        assertThat(store.update(id, List.of(aRow(9, true)))).isZero();
        assertThat(store.remove(id, 99)).isFalse();
        assertThat(store.summary(id)).isEqualTo(new Summary(2, 1, 1));
    }
}
