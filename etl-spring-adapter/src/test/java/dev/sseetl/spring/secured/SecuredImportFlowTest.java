package dev.sseetl.spring.secured;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole import over real HTTP in a Spring Boot app with Spring Security: upload, the buffering stream, preview,
 * commit, the commit stream, rows in the database; and the security rules around it.
 */
@SpringBootTest(classes = SecuredImportApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "etl.progress-interval=0ms")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecuredImportFlowTest {
    private static final String CSV = """
            name,email,age
            Ada Lovelace,ada@example.com,36
            Not An Email,not-an-email,-3
            Grace Hopper,grace@example.com,45
            """;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ImportClient alice;
    private ImportClient bob;

    @BeforeEach
    void signIn() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        alice = new ImportClient(base, "alice", "alice-secret");
        bob = new ImportClient(base, "bob", "bob-secret");
        // Any page hands out the CSRF cookie, as a single-page app's first request would.
        assertThat(alice.get("schemas").statusCode()).isEqualTo(200);
        assertThat(bob.get("schemas").statusCode()).isEqualTo(200);
    }

    @Test
    void importsAFileFromUploadToCommittedRowsWithBothProgressStreams() throws Exception {
        HttpResponse<String> upload = alice.upload("people", "people.csv", CSV, true);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String importId = ImportClient.json(upload).get("importId").asString();

        List<JsonNode> buffering = alice.events("buffer-progress/" + importId);
        assertThat(buffering).isNotEmpty().allSatisfy(e -> assertThat(e.get("phase").asString()).isEqualTo("buffer"));
        JsonNode buffered = buffering.get(buffering.size() - 1);
        assertThat(buffered.get("status").asString()).isEqualTo("Completed");
        assertThat(buffered.get("valid").asLong()).isEqualTo(2);
        assertThat(buffered.get("invalid").asLong()).isEqualTo(1);

        HttpResponse<String> preview = alice.get("preview/" + importId + "?page=1&size=50&filter=invalid");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("not-an-email");

        HttpResponse<String> commit = alice.post("commit/" + importId, true);
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(202);
        List<JsonNode> committing = alice.events("commit-progress/" + importId);
        JsonNode committed = committing.get(committing.size() - 1);
        assertThat(committed.get("status").asString()).as(committed.toString()).isEqualTo("Completed");
        assertThat(committed.get("result").get("inserted").asLong()).isEqualTo(2);

        assertThat(jdbc.queryForList("select email from people order by email", String.class))
                .contains("ada@example.com", "grace@example.com").doesNotContain("not-an-email");
        assertThat(alice.post("commit/" + importId, true).statusCode()).as("a second commit").isEqualTo(409);
    }

    @Test
    void refusesAPostWithoutTheCsrfToken() throws Exception {
        assertThat(alice.upload("people", "people.csv", CSV, false).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAnonymousCallers() throws Exception {
        ImportClient stranger = new ImportClient(URI.create("http://127.0.0.1:" + port + "/"), "mallory", "guess");
        assertThat(stranger.get("schemas").statusCode()).isEqualTo(401);
    }

    @Test
    void hidesOneUsersImportFromAnother() throws Exception {
        HttpResponse<String> upload = alice.upload("people", "people.csv", CSV, true);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String importId = ImportClient.json(upload).get("importId").asString();
        alice.events("buffer-progress/" + importId);

        assertThat(bob.get("preview/" + importId + "?page=1&size=10").statusCode()).isEqualTo(404);
        assertThat(bob.get("buffer-progress/" + importId).statusCode()).isEqualTo(404);
        assertThat(bob.post("commit/" + importId, true).statusCode()).isEqualTo(404);
        assertThat(alice.get("preview/" + importId + "?page=1&size=10").statusCode()).isEqualTo(200);
    }
}
