package dev.sseetl.servlet;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static dev.sseetl.servlet.ErrorStatusTest.assertError;
import static dev.sseetl.servlet.ErrorStatusTest.uploadBuffered;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH and DELETE rows/{id}/{row}, POST rows/{id}/replace: every status, and the edits reach the table. */
class RowEditRoutesTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("work"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> send(String method, String route, String user, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(route)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (user != null) {
            b.header(TestServer.OWNER_HEADER, user);
        }
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void editRemoveAndReplaceAnswerWithTheRowAndTheNewCounts() throws Exception {
        String id = uploadBuffered(server, "alice"); // row 2 Ada (valid), row 3 Bad Row (invalid email and age)
        HttpResponse<String> edited = send("PATCH", "rows/" + id + "/3", "alice",
                "{\"values\": {\"email\": \"bad@example.com\", \"age\": \"5\"}}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        JsonNode row = JSON.readTree(edited.body());
        assertThat(row.get("row").asLong()).isEqualTo(3);
        assertThat(row.get("valid").asBoolean()).isTrue();
        assertThat(row.get("edited").asBoolean()).isTrue();
        assertThat(row.get("values").get("age").asString()).isEqualTo("5");
        assertThat(row.get("summary").get("valid").asLong()).isEqualTo(3);
        assertThat(row.get("summary").get("invalid").asLong()).isZero();
        JsonNode preview = JSON.readTree(server.send("GET", "preview/" + id, "alice").body());
        assertThat(preview.get("rows").get(1).get("edited").asBoolean()).isTrue();

        HttpResponse<String> replaced = send("POST", "rows/" + id + "/replace", "alice",
                "{\"column\": \"name\", \"find\": \"Bad Row\", \"replace\": \"Bad Row Fixed\", \"filter\": \"valid\"}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).get("changed").asLong()).isEqualTo(1);

        HttpResponse<String> removed = server.send("DELETE", "rows/" + id + "/2", "alice");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(removed.body()).get("summary");
        assertThat(summary.get("total").asLong()).isEqualTo(2);
        assertThat(summary.get("removed").asLong()).isEqualTo(1);

        assertThat(server.send("POST", "commit/" + id, "alice").statusCode()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                server.send("GET", "status/" + id, "alice").body()).get("state").asString().equals("COMMITTED"));
        assertThat(server.people()).hasSize(2).anySatisfy(p -> assertThat(p.values())
                .contains("Bad Row Fixed", "bad@example.com"));
        assertError(send("PATCH", "rows/" + id + "/3", "alice", "{\"values\": {\"age\": \"6\"}}"), 409, "CONFLICT");
        assertError(server.send("DELETE", "rows/" + id + "/3", "alice"), 409, "CONFLICT");
        assertError(send("POST", "rows/" + id + "/replace", "alice",
                "{\"column\": \"age\", \"find\": \"5\", \"replace\": \"6\"}"), 409, "CONFLICT");
    }

    @Test
    void wrongRowsColumnsBodiesAndOwnersAreRefused() throws Exception {
        String id = uploadBuffered(server, "alice");
        assertError(send("PATCH", "rows/" + id + "/99", "alice", "{\"values\": {\"age\": \"1\"}}"), 404, "NOT_FOUND");
        assertError(send("PATCH", "rows/" + id + "/two", "alice", "{\"values\": {\"age\": \"1\"}}"), 404, "NOT_FOUND");
        assertError(server.send("DELETE", "rows/" + id + "/99", "alice"), 404, "NOT_FOUND");
        assertError(send("PATCH", "rows/" + id + "/3", "alice", "{\"values\": {\"salary\": \"1\"}}"), 400, "BAD_REQUEST");
        assertError(send("PATCH", "rows/" + id + "/3", "alice", "{\"age\": \"1\"}"), 400, "BAD_REQUEST");
        assertError(send("PATCH", "rows/" + id + "/3", "alice", "not json"), 400, "BAD_REQUEST");
        assertError(send("POST", "rows/" + id + "/replace", "alice",
                "{\"column\": \"salary\", \"find\": \"1\", \"replace\": \"2\"}"), 400, "BAD_REQUEST");
        assertError(send("POST", "rows/" + id + "/replace", "alice",
                "{\"column\": \"age\", \"find\": \"1\", \"replace\": \"2\", \"filter\": \"some\"}"), 400, "BAD_REQUEST");
        assertError(send("PATCH", "rows/" + id + "/3", "bob", "{\"values\": {\"age\": \"1\"}}"), 404, "NOT_FOUND");
        assertError(server.send("DELETE", "rows/" + id + "/3", "bob"), 404, "NOT_FOUND");
        assertError(send("POST", "rows/" + id + "/replace", "bob",
                "{\"column\": \"age\", \"find\": \"-1\", \"replace\": \"2\"}"), 404, "NOT_FOUND");
        assertError(send("PATCH", "rows/nope/3", "alice", "{\"values\": {\"age\": \"1\"}}"), 404, "NOT_FOUND");
        JsonNode summary = JSON.readTree(server.send("GET", "status/" + id, "alice").body()).get("summary");
        assertThat(summary.get("invalid").asLong()).isEqualTo(1);
    }
}
