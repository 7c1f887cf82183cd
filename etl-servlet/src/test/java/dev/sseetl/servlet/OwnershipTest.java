package dev.sseetl.servlet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.sseetl.servlet.ErrorStatusTest.assertError;
import static dev.sseetl.servlet.ErrorStatusTest.uploadBuffered;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** Nobody sees or touches another owner's import: every route answers 404 as if it did not exist. */
class OwnershipTest {
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

    @Test
    void userBGets404OnEveryRouteOfUserAsImport() throws Exception {
        String id = uploadBuffered(server, "alice");
        for (String route : new String[]{"status/", "preview/", "errors/", "buffer-progress/", "commit-progress/"}) {
            assertError(server.send("GET", route + id, "bob"), 404, "NOT_FOUND");
            assertError(server.send("GET", route + id, null), 404, "NOT_FOUND");
        }
        assertError(server.send("POST", "commit/" + id, "bob"), 404, "NOT_FOUND");
        assertError(server.send("DELETE", "imports/" + id, "bob"), 404, "NOT_FOUND");
        try (TestServer.RawResponse stream = server.openRaw("buffer-progress/" + id, Map.of("X-User", "bob"))) {
            assertThat(stream.status()).isEqualTo(404);
        }
        assertThat(server.servlet.openStreams()).isZero();

        // Alice's import is untouched by all that.
        assertThat(JSON.readTree(server.send("GET", "status/" + id, "alice").body()).get("state").asString())
                .isEqualTo("BUFFERED");
        assertThat(server.send("POST", "commit/" + id, "alice").statusCode()).isEqualTo(202);
        assertThat(server.send("DELETE", "imports/" + id, "alice").statusCode()).isEqualTo(204);
        assertError(server.send("GET", "status/" + id, "alice"), 404, "NOT_FOUND");
    }
}
