package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit that failed mid-way, retried with {@code commit} once the cause is fixed: it resumes after the last chunk
 * whose checkpoint row committed with it, so the table holds every valid row exactly once (also without a unique
 * key), and the result counts both attempts. H2 and the real PostgreSQL.
 */
class CommitRetryTest {
    private static final String OWNER = "ada";

    @TempDir
    Path work;

    static Stream<Arguments> databasesAndKeys() {
        return Stream.of(Arguments.of("H2", true), Arguments.of("H2", false), Arguments.of("PostgreSQL", true),
                Arguments.of("PostgreSQL", false));
    }

    /** name, email (unique when {@code unique}), age. */
    private static Schema people(boolean unique, CommitTarget target) {
        Column.Builder email = Column.email("email").label("Email").required();
        return Schema.named("people").column(Column.string("name").label("Name").required())
                .column(unique ? email.unique() : email).column(Column.integer("age").label("Age").min(0))
                .build().withTarget(target);
    }

    /** 100 rows, every tenth invalid (age -1): 90 valid; the valid row of age 33 is the 30th, in the third chunk of 10. */
    private static byte[] csv() {
        StringBuilder out = new StringBuilder("Name,Email,Age\r\n");
        for (int i = 0; i < 100; i++) {
            out.append("Person ").append(i).append(",p").append(i).append("@example.com,")
                    .append(i % 10 == 0 ? -1 : i % 90).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String bufferedImport(EtlEngine engine) {
        String id = engine.upload("people", new ByteArrayInputStream(csv()), "people.csv", Map.of(), OWNER);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.status(id, OWNER).job().state() == ImportState.BUFFERED);
        return id;
    }

    private static ProgressSnapshot commitAndWait(EtlEngine engine, String id, CommitOptions options) {
        engine.commit(id, OWNER, options);
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.status(id, OWNER).job().state() != ImportState.COMMITTING
                && engine.progress(id, OWNER, Phase.COMMIT).status().isFinal());
        return engine.progress(id, OWNER, Phase.COMMIT);
    }

    @ParameterizedTest(name = "{0}, unique key {1}")
    @MethodSource("databasesAndKeys")
    void aRetriedCommitResumesAfterItsLastCommittedChunkAndWritesNoRowTwice(String database, boolean unique)
            throws Exception {
        try (TestDatabase db = database.equals("H2") ? TestDatabase.h2() : TestDatabase.postgres()) {
            String table = db.createTable("CREATE TABLE %1$s (name VARCHAR(40) NOT NULL, email VARCHAR(100)"
                    + (unique ? " PRIMARY KEY" : "") + ", age INT, CONSTRAINT %1$s_no33 CHECK (age <> 33))");
            try (EtlEngine engine = EtlEngine.builder().schema(people(unique, JdbcTable.of(db.dataSource(), table)))
                    .workDirectory(work).progressInterval(Duration.ZERO).build()) {
                String id = bufferedImport(engine);

                ProgressSnapshot failed = commitAndWait(engine, id, new CommitOptions(CommitMode.VALID_ROWS, 10));
                assertThat(failed.status()).isEqualTo(ProgressStatus.FAILED);
                assertThat(failed.result().committedChunks()).isEqualTo(2);
                assertThat(db.count(table)).isEqualTo(20);
                assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.FAILED);

                db.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + table + "_no33"); // the person fixes it
                // a retry asking for another chunk size keeps the first one: chunk n holds the same rows every time
                ProgressSnapshot done = commitAndWait(engine, id, new CommitOptions(CommitMode.VALID_ROWS, 7));

                assertThat(done.status()).isEqualTo(ProgressStatus.COMPLETED);
                assertThat(done.result()).isEqualTo(new CommitResult(90, 0, 10, 0, 9, null, null));
                assertThat(done.processed()).isEqualTo(90);
                assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.COMMITTED);
                assertThat(db.count(table)).isEqualTo(90);
                assertThat(db.queryLong("SELECT count(DISTINCT email) FROM " + table)).isEqualTo(90);
                assertThat(db.queryLong("SELECT count(*) FROM " + CommitCheckpoints.TABLE + " WHERE import_id = '"
                        + id + "'")).isEqualTo(9);
                db.execute("DELETE FROM " + CommitCheckpoints.TABLE + " WHERE import_id = '" + id + "'");
            }
        }
    }

    @Test
    void aFailedBufferingIsNotRetriedByACommit() {
        try (EtlEngine engine = EtlEngine.builder().schema(people(true, CallbackTarget.of(c -> null)))
                .workDirectory(work).build()) {
            String id = engine.upload("people", new ByteArrayInputStream("Wrong,Header\r\n1,2\r\n".getBytes()),
                    "bad.csv", Map.of(), OWNER);
            await().atMost(Duration.ofSeconds(30)).until(() -> engine.status(id, OWNER).job().state() == ImportState.FAILED);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.commit(id, OWNER, CommitOptions.defaults()))
                    .hasMessage("Import " + id + " failed while buffering and cannot be committed; upload the file again.");
        }
    }

    @Test
    void aCallbackReceivesChunkKeysAgainOnARetrySoTheHostCanSkipWhatItWrote() {
        Set<ChunkKey> written = ConcurrentHashMap.newKeySet();
        List<Map<String, Object>> rows = new CopyOnWriteArrayList<>();
        List<ChunkKey> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean broken = new AtomicBoolean(true);
        CallbackTarget target = CallbackTarget.of(chunk -> {
            seen.add(chunk.key());
            if (chunk.key().chunk() == 3 && broken.get()) {
                throw new IllegalStateException("the service is down");
            }
            if (written.add(chunk.key())) { // the host's own idempotence
                rows.addAll(chunk.rows());
            }
            return new CommitSession.ChunkResult(chunk.rows().size(), 0);
        });
        try (EtlEngine engine = EtlEngine.builder().schema(people(true, target)).workDirectory(work).build()) {
            String id = bufferedImport(engine);
            assertThat(commitAndWait(engine, id, new CommitOptions(CommitMode.VALID_ROWS, 10)).status())
                    .isEqualTo(ProgressStatus.FAILED);
            broken.set(false);
            assertThat(commitAndWait(engine, id, new CommitOptions(CommitMode.VALID_ROWS, 10)).status())
                    .isEqualTo(ProgressStatus.COMPLETED);

            Supplier<List<Integer>> numbers = () -> seen.stream().map(ChunkKey::chunk).toList();
            assertThat(numbers.get()).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(seen).allSatisfy(key -> assertThat(key.importId()).isEqualTo(id));
            assertThat(rows).hasSize(90);
            assertThat(rows.stream().map(r -> r.get("email")).distinct()).hasSize(90);
        }
    }
}
