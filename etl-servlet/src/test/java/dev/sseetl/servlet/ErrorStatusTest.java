package dev.sseetl.servlet;

import dev.sseetl.Limits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.sseetl.servlet.HttpFlowTest.CSV;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** Every error status of the contract, each as a JSON error with a code and a message for people. */
class ErrorStatusTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("work"), Limits.custom().maxFileBytes(4096).build(),
                EtlServletOptions.builder().maxUploadBytes(64 * 1024).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank().doesNotContain("Exception");
    }

    static String uploadBuffered(TestServer server, String user) throws Exception {
        HttpResponse<String> r = server.upload(Multipart.upload("people", "p.csv", CSV.getBytes(StandardCharsets.UTF_8)), user);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = JSON.readTree(r.body()).get("importId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(server.send("GET", "status/" + id, user).body()).get("state").asString().equals("BUFFERED"));
        return id;
    }

    @Test
    void badRequestsGet400() throws Exception {
        byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
        assertError(server.upload(new Multipart().file("file", "p.csv", csv), null), 400, "BAD_REQUEST");
        assertError(server.upload(new Multipart().field("schema_name", "people"), null), 400, "BAD_REQUEST");
        assertError(server.upload(new Multipart().file("file", "p.csv", csv).field("schema_name", "people"), null),
                400, "BAD_REQUEST");
        HttpResponse<String> json = server.http.send(HttpRequest.newBuilder(server.uri("upload"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(json, 400, "BAD_REQUEST");

        String id = uploadBuffered(server, null);
        assertError(server.get("preview/" + id + "?page=0"), 400, "BAD_REQUEST");
        assertError(server.get("preview/" + id + "?size=501"), 400, "BAD_REQUEST");
        assertError(server.get("preview/" + id + "?size=ten"), 400, "BAD_REQUEST");
        assertError(server.get("preview/" + id + "?filter=some"), 400, "BAD_REQUEST");
        assertError(server.get("errors/" + id + "?format=pdf"), 400, "BAD_REQUEST");
        assertError(server.send("POST", "commit/" + id + "?mode=sometimes", null), 400, "BAD_REQUEST");
    }

    @Test
    void unknownThingsGet404() throws Exception {
        String unknown = "0123456789abcdef0123456789abcdef";
        for (String route : new String[]{"preview/" + unknown, "status/" + unknown, "errors/" + unknown,
                "buffer-progress/" + unknown, "commit-progress/" + unknown, "template/nope", "nothing-here", "",
                "preview", "preview/a/b"}) {
            assertError(server.get(route), 404, "NOT_FOUND");
        }
        assertError(server.send("POST", "commit/" + unknown, null), 404, "NOT_FOUND");
        assertError(server.send("DELETE", "imports/" + unknown, null), 404, "NOT_FOUND");
        assertError(server.upload(Multipart.upload("no_such_schema", "p.csv", CSV.getBytes(StandardCharsets.UTF_8)), null),
                404, "NOT_FOUND");
    }

    @Test
    void wrongMethodsGet405WithAllow() throws Exception {
        HttpResponse<String> r = server.send("GET", "upload", null);
        assertError(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertError(server.send("POST", "preview/x", null), 405, "METHOD_NOT_ALLOWED");
        assertError(server.send("PUT", "schemas", null), 405, "METHOD_NOT_ALLOWED");
        assertError(server.send("GET", "commit/x", null), 405, "METHOD_NOT_ALLOWED");
        assertThat(server.send("GET", "imports/x", null).headers().firstValue("Allow")).hasValue("DELETE");
    }

    @Test
    void aSecondCommitGets409() throws Exception {
        String id = uploadBuffered(server, null);
        assertThat(server.send("POST", "commit/" + id, null).statusCode()).isEqualTo(202);
        assertError(server.send("POST", "commit/" + id, null), 409, "CONFLICT");
        HttpFlowTest.streamToEnd(server, "commit-progress/" + id);
        assertError(server.send("POST", "commit/" + id, null), 409, "CONFLICT");
    }

    @Test
    void aFileOverTheLimitGets413() throws Exception {
        StringBuilder big = new StringBuilder("Name,Email,Age\n");
        for (int i = 0; big.length() < 10_000; i++) {
            big.append("Person ").append(i).append(",p").append(i).append("@example.com,").append(i % 90).append('\n');
        }
        assertError(server.upload(Multipart.upload("people", "big.csv", big.toString().getBytes(StandardCharsets.UTF_8)), null),
                413, "TOO_LARGE");
        assertThat(server.engine.schemas()).isNotEmpty(); // the server still serves
        byte[] huge = new byte[100 * 1024];
        assertError(server.upload(Multipart.upload("people", "huge.csv", huge), null), 413, "TOO_LARGE");
    }

    @Test
    void anUploadAnnouncingTooManyBytesIsRefusedInUnitsPeopleRead() throws Exception {
        HttpResponse<String> r = server.upload(Multipart.upload("people", "huge.csv", new byte[100 * 1024]), null);
        assertError(r, 413, "TOO_LARGE");
        assertThat(JSON.readTree(r.body()).get("error").get("message").asString())
                .contains("101 KB", "64 KB").doesNotContain("bytes");
    }

    @Test
    void aFileThatIsNoSpreadsheetGets415() throws Exception {
        byte[] png = new byte[600];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(magic, 0, png, 0, magic.length);
        for (int i = magic.length; i < png.length; i++) {
            png[i] = (byte) (i * 31);
        }
        assertError(server.upload(Multipart.upload("people", "picture.csv", png), null), 415, "UNSUPPORTED_FILE");
    }

    @Test
    void unknownProgressStreamAnswers404JsonAtOnce() throws Exception {
        try (TestServer.RawResponse r = server.openRaw("buffer-progress/nope", Map.of("Accept", "text/event-stream"))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.headers().get("content-type")).startsWith("application/json");
            assertThat(JSON.readTree(r.bodyText()).get("error").get("code").asString()).isEqualTo("NOT_FOUND");
        }
        assertThat(server.servlet.openStreams()).isZero();
    }
}
