package dev.sseetl.examples.cluster;

import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster node in a child JVM on the real PostgreSQL: it starts, answers, and is gone when killed. */
class NodeProcessTest {
    private static final String PREFIX = "n" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
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

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNodeStartsAnswersAndIsGoneWhenKilled() throws Exception {
        try (NodeProcess node = NodeProcess.start("a", postgres, PREFIX, work.resolve("a"))) {
            HttpResponse<String> schemas = get(node.api().resolve("schemas"));
            assertThat(schemas.statusCode()).as(node.lastOutput()).isEqualTo(200);
            assertThat(schemas.body()).contains("\"people\"");

            node.kill();
            assertThat(node.isAlive()).isFalse();
            assertThatThrownBy(() -> get(node.api().resolve("schemas"))).isInstanceOf(ConnectException.class);
        }
    }
}
