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
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
            String id = upload(a, 2_000); // every tenth row invalid: 1,800 valid, 18 chunks of 100
            await().atMost(Duration.ofSeconds(60)).until(() -> state(a, id).equals("BUFFERED"));
            assertThat(post(a.api().resolve("commit/" + id + "?chunk_size=100&mode=" + mode.name().toLowerCase()))
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(a, id).get("commit").get("processed").asLong() >= 400);

            a.kill();
            long killed = System.nanoTime();
            long atKill = rows();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> state(b, id).equals("FAILED"));
            long failedAfter = (System.nanoTime() - killed) / 1_000_000;
            JsonNode failed = status(b, id);
            long afterFail = rows();
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
            assertThat(post(b.api().resolve("commit/" + id)).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(b, id).equals("COMMITTED"));
            long committedAfter = (System.nanoTime() - retried) / 1_000_000;

            assertThat(rows()).isEqualTo(1_800);
            assertThat(query("SELECT count(DISTINCT email) FROM " + PREFIX + "people")).isEqualTo(1_800);
            JsonNode result = status(b, id).get("commit").get("result");
            assertThat(result.get("inserted").asLong()).isEqualTo(1_800);
            assertThat(result.get("committedChunks").asInt()).isEqualTo(18);
            System.out.printf("FAULT node killed mid-commit (%s, no unique key): FAILED on the survivor "
                    + "%d ms after the kill with %d rows in the table (%d at the kill); retry COMMITTED in %d ms, "
                    + "%d rows, each once%n", mode, failedAfter, afterFail, atKill, committedAfter, rows());
            execute("TRUNCATE " + PREFIX + "people");
        }
    }

    @Test
    void aDatabaseCutForThreeSecondsDuringACommitEndsItHonestlyAndARetryCompletesIt() throws Exception {
        URI db = URI.create(postgres.substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.start(db.getHost(), db.getPort());
             NodeProcess a = NodeProcess.start("a", postgres.replace(db.getHost() + ":" + db.getPort(),
                     "127.0.0.1:" + proxy.port()), PREFIX, work.resolve("a"), List.of("--slow-ms", "250"))) {
            String id = upload(a, 2_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(a, id).equals("BUFFERED"));
            assertThat(post(a.api().resolve("commit/" + id + "?chunk_size=100")).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(a, id).get("commit").get("processed").asLong() >= 400);

            proxy.pause();
            proxy.cutAll();
            long cut = System.nanoTime();
            Thread.sleep(3_000);
            proxy.resume();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().pollInterval(Duration.ofMillis(200))
                    .until(() -> !state(a, id).equals("COMMITTING"));
            long endedAfter = (System.nanoTime() - cut) / 1_000_000;
            JsonNode ended = status(a, id);
            long atEnd = rows();
            String state = ended.get("state").asString();
            assertThat(state).isIn("FAILED", "COMMITTED");
            if (state.equals("FAILED")) {
                assertThat(ended.get("message").asString()).contains("committed before it");
                assertThat(atEnd % 100).as("whole chunks only").isZero();
                assertThat(post(a.api().resolve("commit/" + id)).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(60)).until(() -> state(a, id).equals("COMMITTED"));
            }
            assertThat(rows()).isEqualTo(1_800);
            assertThat(query("SELECT count(DISTINCT email) FROM " + PREFIX + "people")).isEqualTo(1_800);
            System.out.printf("FAULT database cut 3 s mid-commit (VALID_ROWS, no unique key): %s %d ms after the "
                    + "cut with %d rows in the table; after the retry %d rows, each once%n", state, endedAfter, atEnd,
                    rows());
            execute("TRUNCATE " + PREFIX + "people");
        }
    }

    private String upload(NodeProcess node, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("Name,Email,Age\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append("Person ").append(i).append(",p").append(i).append("@example.com,")
                    .append(i % 10 == 0 ? -1 : i % 90).append("\r\n");
        }
        String boundary = "----faultTestBoundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\npeople"
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.api().resolve("upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("importId").asString();
    }

    private HttpResponse<String> post(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(NodeProcess node, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.api().resolve("status/" + id))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String state(NodeProcess node, String id) throws Exception {
        return status(node, id).get("state").asString();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long rows() throws SQLException {
        return query("SELECT count(*) FROM " + PREFIX + "people");
    }

    private static long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the nodes have not created the table yet
            }
            throw e;
        }
    }
}
