package dev.sseetl.jdbc;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.Preview;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.RowFilter;
import dev.sseetl.Summary;
import dev.sseetl.commit.CallbackTarget;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two engines ("nodes") sharing one import through PostgreSQL stores and one work folder, as two app nodes behind a
 * load balancer would: every call may land on either node.
 */
class TwoNodesTest {
    private static final String OWNER = "ada";

    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @TempDir
    Path sharedFolder;

    private final List<PostgresProgressStore> progressStores = new ArrayList<>();
    private String table;
    private EtlEngine nodeA;
    private EtlEngine nodeB;
    private final AtomicLong slowRowsWritten = new AtomicLong();

    @BeforeEach
    void startTwoNodes() throws SQLException {
        table = tables.prefix + "people_" + System.nanoTime();
        try (Connection c = tables.dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (name VARCHAR(20) NOT NULL, email VARCHAR(100) PRIMARY KEY, age INT)");
        }
        Schema people = Schema.named("people")
                .column(Column.string("name").label("Name").required().maxLength(20))
                .column(Column.email("email").label("Email").required().unique())
                .column(Column.integer("age").label("Age").min(0).max(150))
                .target(JdbcTable.of(tables.dataSource, table))
                .build();
        Schema slowPeople = Schema.named("slow_people").column(Column.string("name").label("Name").required())
                .column(Column.email("email").label("Email").required())
                .column(Column.integer("age").label("Age").min(0).max(150))
                .target(CallbackTarget.of(chunk -> {
                    Thread.sleep(100);
                    slowRowsWritten.addAndGet(chunk.rows().size());
                    return null;
                }))
                .build();
        nodeA = aNode(people, slowPeople);
        nodeB = aNode(people, slowPeople);
    }

    /** What each node builds for itself: its own store objects on the shared database and the shared folder. */
    private EtlEngine aNode(Schema... schemas) {
        PostgresProgressStore progress = new PostgresProgressStore(tables.dataSource, tables.prefix);
        progressStores.add(progress);
        return EtlEngine.builder().schemas(List.of(schemas))
                .workDirectory(sharedFolder)
                .importRepository(new JdbcImportRepository(tables.dataSource, tables.prefix))
                .stagingStore(new JdbcStagingStore(tables.dataSource, tables.prefix))
                .progressStore(progress)
                .progressInterval(Duration.ofMillis(20))
                .build();
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
        progressStores.forEach(PostgresProgressStore::close);
    }

    /** 300 people, every tenth with age -1 (invalid). */
    private static byte[] peopleCsv() {
        StringBuilder csv = new StringBuilder("Name,Email,Age\r\n");
        for (int i = 0; i < 300; i++) {
            csv.append("Person ").append(i).append(",p").append(i).append("@example.com,")
                    .append(i % 10 == 0 ? -1 : i % 90).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<ProgressSnapshot> listenTo(EtlEngine node, String id, Phase phase, List<Subscription> open) {
        List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
        open.add(node.subscribe(id, OWNER, phase, heard::add));
        return heard;
    }

    private static ProgressSnapshot last(List<ProgressSnapshot> heard) {
        return heard.isEmpty() ? null : heard.get(heard.size() - 1);
    }

    @Test
    void anImportUploadedOnOneNodeIsFollowedPreviewedAndCommittedOnEither() throws Exception {
        List<Subscription> open = new ArrayList<>();
        String id = nodeA.upload("people", new ByteArrayInputStream(peopleCsv()), "people.csv", Map.of(), OWNER);
        List<ProgressSnapshot> bufferOnB = listenTo(nodeB, id, Phase.BUFFER, open);
        await().atMost(Duration.ofSeconds(20)).until(() -> last(bufferOnB) != null && last(bufferOnB).status().isFinal());
        assertThat(last(bufferOnB).status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(last(bufferOnB).processed()).isEqualTo(300);
        assertThat(bufferOnB).extracting(ProgressSnapshot::version).isSorted();

        Preview invalid = nodeB.preview(id, OWNER, 1, 50, RowFilter.INVALID);
        assertThat(invalid.summary()).isEqualTo(new Summary(300, 270, 30));
        assertThat(invalid.rows()).hasSize(30).allSatisfy(row -> assertThat(row.valid()).isFalse());
        assertThat(invalid.rows().get(0).row()).isEqualTo(2);

        List<ProgressSnapshot> commitOnA = listenTo(nodeA, id, Phase.COMMIT, open);
        List<ProgressSnapshot> commitOnB = listenTo(nodeB, id, Phase.COMMIT, open);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<ErrorCode>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EtlEngine node = i % 2 == 0 ? nodeA : nodeB;
            calls.add(() -> {
                try {
                    node.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 100));
                    return null;
                } catch (ImportException e) {
                    return e.code();
                }
            });
        }
        List<ErrorCode> outcomes = new ArrayList<>();
        try {
            for (Future<ErrorCode> f : pool.invokeAll(calls)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).filteredOn(code -> code == null).hasSize(1);
        assertThat(outcomes).filteredOn(code -> code != null).hasSize(19).containsOnly(ErrorCode.CONFLICT);

        CommitResult expected = new CommitResult(270, 0, 30, 0, 3, null, null);
        for (List<ProgressSnapshot> heard : List.of(commitOnA, commitOnB)) { // one of them hears it from the other node
            await().atMost(Duration.ofSeconds(20)).until(() -> last(heard) != null && last(heard).status().isFinal());
            assertThat(last(heard).status()).isEqualTo(ProgressStatus.COMPLETED);
            assertThat(last(heard).result()).isEqualTo(expected);
        }
        assertThat(nodeA.status(id, OWNER).job().state()).isEqualTo(ImportState.COMMITTED);
        assertThat(rowsIn(table)).isEqualTo(270);
        open.forEach(Subscription::close);
    }

    @Test
    void aCommitCancelledOnTheOtherNodeStopsWithinSeconds() {
        List<Subscription> open = new ArrayList<>();
        String id = nodeA.upload("slow_people", new ByteArrayInputStream(peopleCsv()), "people.csv", Map.of(), OWNER);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> nodeB.status(id, OWNER).job().state() == ImportState.BUFFERED);
        List<ProgressSnapshot> commitOnB = listenTo(nodeB, id, Phase.COMMIT, open);
        nodeA.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 10)); // 27 chunks of 100 ms each
        await().atMost(Duration.ofSeconds(5)).until(() -> slowRowsWritten.get() > 0);
        nodeB.cancel(id, OWNER);
        await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.status(id, OWNER).commit() != null
                && nodeA.status(id, OWNER).commit().result() != null);
        ProgressSnapshot end = nodeA.status(id, OWNER).commit();
        assertThat(end.status()).isEqualTo(ProgressStatus.CANCELLED);
        assertThat(end.result().inserted()).isEqualTo(slowRowsWritten.get()).isLessThan(270);
        assertThat(nodeB.status(id, OWNER).job().state()).isEqualTo(ImportState.CANCELLED);
        await().atMost(Duration.ofSeconds(2)).until(() -> last(commitOnB).result() != null);
        assertThat(last(commitOnB)).isEqualTo(end);
        open.forEach(Subscription::close);
    }

    private static long rowsIn(String table) throws SQLException {
        try (Connection c = tables.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
