package dev.sseetl.examples;

import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

/** The demo started with {@code --db} on the real PostgreSQL: shared stores and durable jobs, and it serves. */
class DemoServerOnPostgresTest {
    @TempDir
    Path data;

    @Test
    void startsOnTheSharedDatabaseAndListsItsSchemas() throws Exception {
        String postgres = TestServices.requirePostgres();
        try (DemoServer demo = DemoServer.start("127.0.0.1", 0, data, null, postgres)) {
            HttpResponse<String> schemas = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    demo.baseUri().resolve(DemoServer.API_PATH.substring(1) + "/schemas"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(schemas.statusCode()).as(schemas.body()).isEqualTo(200);
            assertThat(schemas.body()).contains("\"name\"");
        }
    }
}
