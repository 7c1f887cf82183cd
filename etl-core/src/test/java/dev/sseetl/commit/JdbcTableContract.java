package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitSession.ChunkResult;
import dev.sseetl.spi.CommitSession.CommitFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What every database must do with a {@link JdbcTable}; one subclass per database (and per write path). */
abstract class JdbcTableContract {
    static final String PEOPLE_DDL = "CREATE TABLE %s (email VARCHAR(200) PRIMARY KEY, name VARCHAR(100) NOT NULL, "
            + "age BIGINT CHECK (age < 150), balance NUMERIC(12,2), active BOOLEAN, born DATE, seen TIMESTAMP)";

    static final Schema PEOPLE = Schema.named("people")
            .column(Column.email("email").required().unique())
            .column(Column.string("name").required())
            .column(Column.integer("age"))
            .column(Column.decimal("balance").scale(2))
            .column(Column.bool("active"))
            .column(Column.date("born"))
            .column(Column.dateTime("seen"))
            .build();

    TestDatabase db;

    abstract TestDatabase database();

    /** The target under test; subclasses may switch the write path. */
    JdbcTable target(String table) {
        return JdbcTable.of(db.dataSource(), table);
    }

    @BeforeEach
    void openDatabase() {
        db = database();
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
    }

    static StagedRow person(long row, String email, String name, Long age) {
        List<Object> values = Arrays.asList(email, name, age, new BigDecimal("10.50"), Boolean.TRUE,
                LocalDate.of(1990, 1, 2), LocalDateTime.of(2024, 5, 6, 7, 8, 9));
        List<String> raw = new ArrayList<>();
        values.forEach(v -> raw.add(v == null ? null : v.toString()));
        return new StagedRow(row, values, raw, List.of());
    }

    static List<StagedRow> people(long fromRow, int count, String prefix) {
        return LongStream.range(fromRow, fromRow + count)
                .mapToObj(r -> person(r, prefix + r + "@example.com", "Person " + r, r % 100))
                .toList();
    }

    @Test
    void insertsNewRowsAndUpdatesExistingOnesWithExactCounts() {
        String table = db.createTable(PEOPLE_DDL);
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(people(2, 10, "p"))).isEqualTo(new ChunkResult(10, 0));
            List<StagedRow> mixed = new ArrayList<>(people(8, 4, "p")); // rows 8..11 exist
            mixed.addAll(people(100, 6, "p"));
            assertThat(s.write(mixed)).isEqualTo(new ChunkResult(6, 4));
            s.complete();
        }
        assertThat(db.count(table)).isEqualTo(16);
    }

    @Test
    void updatesEveryWrittenColumnOfAnExistingRow() {
        String table = db.createTable(PEOPLE_DDL);
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            s.write(List.of(person(2, "ada@example.com", "Ada", 36L)));
            assertThat(s.write(List.of(person(2, "ada@example.com", "Ada Lovelace", 37L)))).isEqualTo(new ChunkResult(0, 1));
            s.complete();
        }
        assertThat(db.query("SELECT name, age FROM " + table)).containsExactly(List.of("Ada Lovelace", 37L));
    }

    @Test
    void aKeyRepeatedWithinOneChunkIsInsertedOnceThenUpdated() {
        String table = db.createTable(PEOPLE_DDL);
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            ChunkResult r = s.write(List.of(person(2, "a@x.org", "First", 1L), person(3, "b@x.org", "B", 2L),
                    person(4, "a@x.org", "Second", 3L), person(5, "a@x.org", "Third", 4L)));
            assertThat(r).isEqualTo(new ChunkResult(2, 2));
            s.complete();
        }
        assertThat(db.query("SELECT name FROM " + table + " WHERE email = 'a@x.org'")).containsExactly(List.of("Third"));
    }

    @Test
    void storesEveryValueTypeAndNullsAsTheyWere() {
        String table = db.createTable(PEOPLE_DDL);
        StagedRow nulls = new StagedRow(3, Arrays.asList("n@x.org", "", null, null, null, null, null),
                Arrays.asList("n@x.org", "", null, null, null, null, null), List.of());
        StagedRow quoted = new StagedRow(4, Arrays.asList("q@x.org", "He said \"hi\", then\nleft", 149L,
                new BigDecimal("-1234567890.25"), false, LocalDate.of(2000, 2, 29), LocalDateTime.of(1999, 12, 31, 23, 59, 58)),
                List.of("q", "q", "q", "q", "q", "q", "q"), List.of());
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            s.write(List.of(person(2, "p@x.org", "Plain", 42L), nulls, quoted));
            s.complete();
        }
        List<List<Object>> rows = db.query("SELECT email, name, age, balance, active, born, seen FROM " + table + " ORDER BY email");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("n@x.org", "", null, null, null, null, null);
        assertThat(rows.get(1).subList(0, 5)).containsExactly("p@x.org", "Plain", 42L, new BigDecimal("10.50"), true);
        assertThat(rows.get(1).get(5).toString()).isEqualTo("1990-01-02");
        assertThat(rows.get(2).subList(0, 5)).containsExactly("q@x.org", "He said \"hi\", then\nleft", 149L,
                new BigDecimal("-1234567890.25"), false);
        assertThat(rows.get(2).get(5).toString()).isEqualTo("2000-02-29");
        assertThat(rows.get(2).get(6).toString()).startsWith("1999-12-31").contains("23:59:58");
    }

    @Test
    void aRefusedRowIsNamedWithTheDatabaseMessageAndOnlyItsChunkIsRolledBack() {
        String table = db.createTable(PEOPLE_DDL);
        List<StagedRow> second = new ArrayList<>(people(102, 100, "p"));
        second.set(55, person(157, "old@x.org", "Too old", 200L)); // breaks CHECK (age < 150)
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            s.write(people(2, 100, "p"));
            assertThatThrownBy(() -> s.write(second))
                    .isInstanceOfSatisfying(CommitFailure.class, f -> {
                        assertThat(f.row()).isEqualTo(157);
                        assertThat(f.getMessage()).containsIgnoringCase("check").doesNotContain("SQL statement");
                    });
        }
        assertThat(db.count(table)).isEqualTo(100);
    }

    @Test
    void aNotNullViolationNamesItsRow() {
        String table = db.createTable(PEOPLE_DDL);
        List<StagedRow> rows = new ArrayList<>(people(2, 30, "p"));
        rows.set(20, person(22, "nameless@x.org", null, 1L));
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThatThrownBy(() -> s.write(rows))
                    .isInstanceOfSatisfying(CommitFailure.class, f -> assertThat(f.row()).isEqualTo(22));
        }
        assertThat(db.count(table)).isZero();
    }

    @Test
    void allOrNothingWritesNothingWhenALaterChunkFails() {
        String table = db.createTable(PEOPLE_DDL);
        List<StagedRow> bad = new ArrayList<>(people(202, 100, "p"));
        bad.set(99, person(301, "old@x.org", "Too old", 500L));
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            assertThat(s.write(people(2, 100, "p"))).isEqualTo(new ChunkResult(100, 0));
            assertThat(s.write(people(102, 100, "p"))).isEqualTo(new ChunkResult(100, 0));
            assertThatThrownBy(() -> s.write(bad))
                    .isInstanceOfSatisfying(CommitFailure.class, f -> assertThat(f.row()).isEqualTo(301));
        }
        assertThat(db.count(table)).isZero();
    }

    @Test
    void allOrNothingShowsNothingUntilCompleteThenEverything() {
        String table = db.createTable(PEOPLE_DDL);
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            s.write(people(2, 50, "p"));
            s.write(people(40, 50, "p")); // 12 of them update rows of the first chunk, still uncommitted
            assertThat(db.count(table)).isZero();
            s.complete();
        }
        assertThat(db.count(table)).isEqualTo(88);
    }

    @Test
    void allOrNothingClosedWithoutCompleteRollsBack() {
        String table = db.createTable(PEOPLE_DDL);
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            s.write(people(2, 50, "p"));
        }
        assertThat(db.count(table)).isZero();
    }

    @Test
    void withoutAConflictKeyRowsAreOnlyInserted() {
        String table = db.createTable("CREATE TABLE %s (email VARCHAR(200), name VARCHAR(100), age BIGINT, "
                + "balance NUMERIC(12,2), active BOOLEAN, born DATE, seen TIMESTAMP)");
        try (CommitSession s = target(table).conflictKey().open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(people(2, 20, "p"))).isEqualTo(new ChunkResult(20, 0));
            assertThat(s.write(people(2, 20, "p"))).isEqualTo(new ChunkResult(20, 0));
            s.complete();
        }
        assertThat(db.count(table)).isEqualTo(40);
    }

    @Test
    void upsertsEvenWhenTheTableHasNoUniqueConstraintOnTheKey() {
        String table = db.createTable("CREATE TABLE %s (email VARCHAR(200), name VARCHAR(100), age BIGINT, "
                + "balance NUMERIC(12,2), active BOOLEAN, born DATE, seen TIMESTAMP)");
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(people(2, 20, "p"))).isEqualTo(new ChunkResult(20, 0));
            assertThat(s.write(people(12, 20, "p"))).isEqualTo(new ChunkResult(10, 10));
            s.complete();
        }
        assertThat(db.count(table)).isEqualTo(30);
    }

    @Test
    void writesMappedAndSkippedColumnsToATableNamedInAnyCase() {
        String table = db.createTable("CREATE TABLE %s (mail VARCHAR(200) PRIMARY KEY, full_name VARCHAR(100))");
        JdbcTable t = JdbcTable.of(db.dataSource(), table.toUpperCase())
                .mapColumn("email", "MAIL").mapColumns(java.util.Map.of("name", "full_name"))
                .skipColumns("age", "balance", "active", "born", "seen");
        try (CommitSession s = t.open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(people(2, 3, "p"))).isEqualTo(new ChunkResult(3, 0));
            s.complete();
        }
        assertThat(db.query("SELECT full_name FROM " + table + " ORDER BY mail")).containsExactly(
                List.of("Person 2"), List.of("Person 3"), List.of("Person 4"));
    }

    @Test
    void aMissingColumnFailsBeforeWritingWithAMessageSayingWhatToDo() {
        String table = db.createTable("CREATE TABLE %s (email VARCHAR(200) PRIMARY KEY, name VARCHAR(100))");
        assertThatThrownBy(() -> target(table).open(PEOPLE, CommitMode.VALID_ROWS))
                .hasMessageContaining("has no column 'age'").hasMessageContaining("mapColumn");
    }

    @Test
    void aMissingTableFailsWithItsName() {
        assertThatThrownBy(() -> target("no_such_table_here").open(PEOPLE, CommitMode.VALID_ROWS))
                .hasMessageContaining("'no_such_table_here' does not exist");
    }

    @Test
    void namesThatCouldCarrySqlAreRejected() {
        assertThatThrownBy(() -> JdbcTable.of(db.dataSource(), "users; DROP TABLE users"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcTable.of(db.dataSource(), "users\" --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcTable.of(db.dataSource(), "users").mapColumn("email", "mail) VALUES (1); --"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Opens a VALID_ROWS session, writes the chunks, completes; returns the summed counts. */
    private ChunkResult commitChunks(String table, List<List<StagedRow>> chunks) {
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            long inserted = 0;
            long updated = 0;
            for (List<StagedRow> chunk : chunks) {
                ChunkResult r = s.write(chunk);
                inserted += r.inserted();
                updated += r.updated();
            }
            s.complete();
            return new ChunkResult(inserted, updated);
        }
    }

    @Test
    void aCommitWhoseNewKeysAnotherCommitInsertsMeanwhileUpdatesThemAndCompletes() throws Exception {
        String table = db.createTable(PEOPLE_DDL);
        List<StagedRow> rows = people(2, 200, "race");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (CommitSession first = target(table).open(PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            assertThat(first.write(rows)).isEqualTo(new ChunkResult(200, 0)); // not committed: the keys are locked
            Future<ChunkResult> second = other.submit(() -> commitChunks(table, List.of(rows)));
            // the second commit found none of its keys and now waits on the first one's uncommitted inserts
            await().atMost(Duration.ofSeconds(20)).until(() -> db.aWriteWaitsForALock(table));
            first.complete();
            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo(new ChunkResult(0, 200));
        } finally {
            other.shutdownNow();
        }
        assertThat(db.count(table)).isEqualTo(200);
    }

    @Test
    void twoCommitsRacingOnTheSameNewKeysBothCompleteWithExactCounts() throws Exception {
        String table = db.createTable(PEOPLE_DDL);
        List<List<StagedRow>> chunks = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            chunks.add(people(2 + c * 50, 50, "both"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<ChunkResult>> commits = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                commits.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return commitChunks(table, chunks);
                }));
            }
            ChunkResult a = commits.get(0).get(120, TimeUnit.SECONDS);
            ChunkResult b = commits.get(1).get(120, TimeUnit.SECONDS);
            assertThat(a.inserted() + b.inserted()).as("each key inserted once").isEqualTo(1_000);
            assertThat(a.updated() + b.updated()).as("and updated once").isEqualTo(1_000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count(table)).isEqualTo(1_000);
    }

    @Test
    void aRefusedRowsMessageNamesNoConstraintIndexTableOrSql() {
        String table = db.createTable("CREATE TABLE %s (email VARCHAR(200) PRIMARY KEY, name VARCHAR(100) NOT NULL"
                + " CONSTRAINT secret_name_rule UNIQUE, age BIGINT, balance NUMERIC(12,2), active BOOLEAN, born DATE,"
                + " seen TIMESTAMP)");
        List<StagedRow> rows = List.of(person(2, "a@example.com", "Same", 1L), person(3, "b@example.com", "Same", 2L));
        try (CommitSession s = target(table).open(PEOPLE, CommitMode.VALID_ROWS)) {
            assertThatThrownBy(() -> s.write(rows)).isInstanceOfSatisfying(CommitFailure.class, e -> {
                assertThat(e.row()).isEqualTo(3);
                assertThat(e.getMessage()).contains("must be unique")
                        .doesNotContainIgnoringCase("secret_name_rule").doesNotContainIgnoringCase(table)
                        .doesNotContainIgnoringCase("insert").doesNotContainIgnoringCase("SQL")
                        .doesNotContainIgnoringCase("index").doesNotContainIgnoringCase("constraint");
            });
        }
    }
}
