package dev.sseetl.examples.cluster;

import dev.sseetl.CommitMode;
import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes in child JVMs on the real PostgreSQL running their jobs as durable db-scheduler executions (beat 500 ms,
 * taken over after 4 missed beats); the node running the job is killed (SIGKILL) mid-commit or mid-buffering. The
 * other node finishes the import WITHOUT a retry: the table holds every valid row exactly once, and a progress stream
 * open on the survivor ends with the final state. Prints the figures (time from the kill to the end, rows).
 */
class NodeKilledWithDurableJobsTest {
    private static final String BASE = "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private static final List<String> OPTIONS = List.of("--durable-ms", "500", "--heartbeat-ms", "500",
            "--slow-ms", "250");
    private static String postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void needsPostgres() {
        postgres = TestServices.requirePostgres();
    }

    @AfterAll
    static void dropTheNodesTables() throws SQLException {
        if (postgres != null) {
            ClusterTables.dropAll(postgres, BASE);
        }
    }

    @ParameterizedTest
    @CsvSource({"VALID_ROWS, false", "ALL_OR_NOTHING, true"})
    void theOtherNodeFinishesTheCommitOfAKilledNode(CommitMode mode, boolean unique) throws Exception {
        String prefix = BASE + mode.name().substring(0, 1).toLowerCase() + "_";
        ClusterClient cluster = new ClusterClient(postgres, prefix);
        List<String> options = unique ? concat(OPTIONS, "--unique", "true") : OPTIONS;
        try (NodeProcess a = NodeProcess.start("a", postgres, prefix, work.resolve("a"), options);
             NodeProcess b = NodeProcess.start("b", postgres, prefix, work.resolve("b"), options)) {
            String id = cluster.upload(a, 2_000); // 1,800 valid rows, 18 chunks of 100
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.state(a, id).equals("BUFFERED"));
            assertThat(cluster.post(a.api().resolve("commit/" + id + "?chunk_size=100&mode="
                    + mode.name().toLowerCase())).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(a, id).get("commit").get("processed").asLong() >= 400);

            Fault fault = killTheRunner(cluster, id, a, b, "commit-progress/");
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.state(fault.survivor, id).equals("COMMITTED"));
            long endedAfter = fault.millis();
            assertThat(cluster.rows()).isEqualTo(1_800);
            assertThat(cluster.distinctRows()).isEqualTo(1_800);
            assertThat(cluster.status(fault.survivor, id).get("commit").get("result").get("inserted").asLong())
                    .isEqualTo(1_800);
            fault.streamEndsWith("Completed");
            System.out.printf("FAULT node killed mid-commit, durable jobs (%s, %s): COMMITTED by the other node "
                    + "%d ms after the kill without a retry; %d rows in the table (%d at the kill), each once%n", mode,
                    unique ? "unique key" : "no unique key", endedAfter, cluster.rows(), fault.rowsAtKill);
        }
    }

    @Test
    void theOtherNodeBuffersAgainFromTheStoredFileWhenTheBufferingNodeIsKilled() throws Exception {
        String prefix = BASE + "b_";
        ClusterClient cluster = new ClusterClient(postgres, prefix);
        try (NodeProcess a = NodeProcess.start("a", postgres, prefix, work.resolve("a"), OPTIONS);
             NodeProcess b = NodeProcess.start("b", postgres, prefix, work.resolve("b"), OPTIONS)) {
            String id = cluster.upload(a, 60_000); // 54,000 valid rows
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.status(a, id).get("buffer").get("processed").asLong() > 0);
            assertThat(cluster.state(a, id)).as("still buffering when killed").isEqualTo("BUFFERING");

            Fault fault = killTheRunner(cluster, id, a, b, "buffer-progress/");
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.state(fault.survivor, id).equals("BUFFERED"));
            long bufferedAfter = fault.millis();
            fault.streamEndsWith("Completed");
            assertThat(cluster.post(fault.survivor.api().resolve("commit/" + id + "?chunk_size=5000")).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(40)).until(() -> cluster.state(fault.survivor, id).equals("COMMITTED"));
            assertThat(cluster.rows()).isEqualTo(54_000);
            assertThat(cluster.distinctRows()).isEqualTo(54_000);
            System.out.printf("FAULT node killed mid-buffering, durable jobs: BUFFERED again from the stored file by "
                    + "the other node %d ms after the kill; committed there: %d rows in the table, each once%n",
                    bufferedAfter, cluster.rows());
        }
    }

    /** Kills the node whose scheduler picked the import's execution, with a progress stream open on the other one. */
    private static Fault killTheRunner(ClusterClient cluster, String id, NodeProcess a, NodeProcess b, String stream)
            throws Exception {
        String runner = await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pickedBy(id), p -> p != null);
        NodeProcess victim = runner.endsWith("-" + a.pid()) ? a : b;
        NodeProcess survivor = victim == a ? b : a;
        assertThat(runner).endsWith("-" + victim.pid());
        List<String> lines = new CopyOnWriteArrayList<>();
        cluster.stream(survivor.api().resolve(stream + id), lines);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
        long rows = cluster.rows();
        victim.kill();
        return new Fault(survivor, System.nanoTime(), rows, lines);
    }

    private static List<String> concat(List<String> options, String... more) {
        List<String> all = new java.util.ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    private record Fault(NodeProcess survivor, long killedAt, long rowsAtKill, List<String> lines) {
        long millis() {
            return (System.nanoTime() - killedAt) / 1_000_000;
        }

        void streamEndsWith(String status) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines.stream()
                    .filter(l -> l.startsWith("data:")).reduce((x, y) -> y).orElse(""))
                    .contains("\"status\":\"" + status + "\""));
        }
    }
}
