package dev.sseetl.examples.cluster;

import dev.sseetl.CommitMode;
import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes in child JVMs on the real PostgreSQL; the one committing is killed (SIGKILL) mid-commit. The other ends
 * the import FAILED once its job stopped beating, saying what stays written, and a retried commit there resumes after
 * the last committed chunk: the table (no unique key) holds every valid row exactly once. Both commit modes; prints
 * the figures (time until the import ended, rows in the table).
 */
class NodeKilledDuringCommitTest {
    private static final String PREFIX = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private static String postgres;
    private final ClusterClient cluster = new ClusterClient(postgres, PREFIX);

    @TempDir
    Path work;

    @BeforeAll
    static void needsPostgres() {
        postgres = TestServices.requirePostgres();
    }

    @AfterAll
    static void dropTheNodesTables() throws SQLException {
        if (postgres != null) {
            ClusterTables.dropAll(postgres, PREFIX);
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void theSurvivorEndsTheImportHonestlyAndARetryThereWritesEveryValidRowOnce(CommitMode mode) throws Exception {
        boolean chunked = mode == CommitMode.VALID_ROWS;
        List<String> options = List.of("--heartbeat-ms", "500", "--slow-ms", "250");
        try (NodeProcess a = NodeProcess.start("a", postgres, PREFIX, work.resolve("a"), options);
             NodeProcess b = NodeProcess.start("b", postgres, PREFIX, work.resolve("b"), options)) {
            String id = cluster.upload(a, 2_000); // every tenth row invalid: 1,800 valid, 18 chunks of 100
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.state(a, id).equals("BUFFERED"));
            assertThat(cluster.post(a.api().resolve("commit/" + id + "?chunk_size=100&mode=" + mode.name().toLowerCase()))
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(a, id).get("commit").get("processed").asLong() >= 400);

            a.kill();
            long killed = System.nanoTime();
            long atKill = cluster.rows();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.state(b, id).equals("FAILED"));
            long failedAfter = (System.nanoTime() - killed) / 1_000_000;
            JsonNode failed = cluster.status(b, id);
            long afterFail = cluster.rows();
            if (chunked) {
                assertThat(afterFail).isBetween(atKill, atKill + 100).isBetween(400L, 1_700L);
                assertThat(afterFail % 100).as("whole chunks only").isZero();
                assertThat(failed.get("message").asString())
                        .contains(afterFail + " rows (" + afterFail / 100 + " chunks) had been committed and stay");
            } else {
                assertThat(afterFail).as("the one transaction died with its node").isZero();
                assertThat(failed.get("message").asString()).endsWith("Nothing was written to the target (all or nothing).");
            }

            long retried = System.nanoTime();
            assertThat(cluster.post(b.api().resolve("commit/" + id)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.state(b, id).equals("COMMITTED"));
            long committedAfter = (System.nanoTime() - retried) / 1_000_000;

            assertThat(cluster.rows()).isEqualTo(1_800);
            assertThat(cluster.query("SELECT count(DISTINCT email) FROM " + PREFIX + "people")).isEqualTo(1_800);
            JsonNode result = cluster.status(b, id).get("commit").get("result");
            assertThat(result.get("inserted").asLong()).isEqualTo(1_800);
            assertThat(result.get("committedChunks").asInt()).isEqualTo(18);
            System.out.printf("FAULT node killed mid-commit (%s, no unique key): FAILED on the survivor "
                    + "%d ms after the kill with %d rows in the table (%d at the kill); retry COMMITTED in %d ms, "
                    + "%d rows, each once%n", mode, failedAfter, afterFail, atKill, committedAfter, cluster.rows());
            cluster.execute("TRUNCATE " + PREFIX + "people");
        }
    }

    @Test
    void aDatabaseCutForThreeSecondsDuringACommitEndsItHonestlyAndARetryCompletesIt() throws Exception {
        URI db = URI.create(postgres.substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.start(db.getHost(), db.getPort());
             NodeProcess a = NodeProcess.start("a", postgres.replace(db.getHost() + ":" + db.getPort(),
                     "127.0.0.1:" + proxy.port()), PREFIX, work.resolve("a"), List.of("--slow-ms", "250"))) {
            String id = cluster.upload(a, 2_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.state(a, id).equals("BUFFERED"));
            assertThat(cluster.post(a.api().resolve("commit/" + id + "?chunk_size=100")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(a, id).get("commit").get("processed").asLong() >= 400);

            proxy.pause();
            proxy.cutAll();
            long cut = System.nanoTime();
            Thread.sleep(3_000);
            proxy.resume();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().pollInterval(Duration.ofMillis(200))
                    .until(() -> !cluster.state(a, id).equals("COMMITTING"));
            long endedAfter = (System.nanoTime() - cut) / 1_000_000;
            JsonNode ended = cluster.status(a, id);
            long atEnd = cluster.rows();
            String state = ended.get("state").asString();
            assertThat(state).isIn("FAILED", "COMMITTED");
            if (state.equals("FAILED")) {
                assertThat(ended.get("message").asString()).contains("committed before it");
                assertThat(atEnd % 100).as("whole chunks only").isZero();
                assertThat(cluster.post(a.api().resolve("commit/" + id)).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).until(() -> cluster.state(a, id).equals("COMMITTED"));
            }
            assertThat(cluster.rows()).isEqualTo(1_800);
            assertThat(cluster.query("SELECT count(DISTINCT email) FROM " + PREFIX + "people")).isEqualTo(1_800);
            System.out.printf("FAULT database cut 3 s mid-commit (VALID_ROWS, no unique key): %s %d ms after the "
                    + "cut with %d rows in the table; after the retry %d rows, each once%n", state, endedAfter, atEnd,
                    cluster.rows());
            cluster.execute("TRUNCATE " + PREFIX + "people");
        }
    }
}
