package dev.sseetl.servlet;

import org.awaitility.Awaitility;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.sseetl.servlet.HttpFlowTest.CSV;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plain WAR configures the servlet with context or servlet init-parameters only, no code. */
class LegacyWarRegistrationTest {
    @TempDir
    Path dir;
    String jdbcUrl;
    Server server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void schemasAndDatabase() throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/people.json"), """
                {"name":"people","table":"people","columns":[
                  {"key":"name","label":"Name","type":"string","required":true},
                  {"key":"email","label":"Email","type":"email","required":true,"unique":true},
                  {"key":"age","label":"Age","type":"integer","min":0}]}
                """);
        jdbcUrl = "jdbc:h2:mem:war-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (name VARCHAR(100), email VARCHAR(320) UNIQUE, age BIGINT)");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private int start(Consumer<ServletContextHandler> setup) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        setup.accept(context);
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    private Map<String, String> params() {
        return Map.of("sse-etl.schemas", dir.resolve("schemas").toString(), "sse-etl.jdbc-url", jdbcUrl,
                "sse-etl.work-dir", dir.resolve("work").toString());
    }

    @Test
    void theInitializerRegistersTheServletFromContextParameters() throws Exception {
        int port = start(context -> {
            params().forEach(context::setInitParameter);
            context.setInitParameter("sse-etl.enabled", "true");
            context.setInitParameter("sse-etl.base-path", "/imports/");
            context.addServletContainerInitializer(new EtlServletInitializer());
        });
        String base = "http://127.0.0.1:" + port + "/app/imports/";
        HttpResponse<String> schemas = http.send(HttpRequest.newBuilder(URI.create(base + "schemas")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(schemas.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(schemas.body()).get("schemas").get(0).get("name").asString()).isEqualTo("people");

        Multipart upload = Multipart.upload("people", "people.csv", CSV.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base + "upload"))
                .header("Content-Type", upload.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(upload.bytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(base, id).equals("BUFFERED"));
        http.send(HttpRequest.newBuilder(URI.create(base + "commit/" + id)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> state(base, id).equals("COMMITTED"));
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM people")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void theInitializerDoesNothingUnlessEnabled() throws Exception {
        int port = start(context -> {
            params().forEach(context::setInitParameter);
            context.addServletContainerInitializer(new EtlServletInitializer());
        });
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/app/api/etl/schemas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void theNoArgServletBuildsItsEngineFromInitParameters() throws Exception {
        int port = start(context -> {
            ServletHolder holder = new ServletHolder("etl", EtlServlet.class);
            holder.setAsyncSupported(true);
            holder.setInitOrder(1);
            params().forEach(holder::setInitParameter);
            context.addServlet(holder, "/api/etl/*");
        });
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/app/api/etl/schemas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"people\"");
    }

    @Test
    void aMissingSchemaFolderIsReportedWithWhatToSet() {
        assertThatThrownBy(() -> ServletEngines.fromParameters(k -> null))
                .hasMessageContaining("sse-etl.schemas");
        assertThatThrownBy(() -> ServletEngines.fromParameters(Map.of("sse-etl.schemas", dir.resolve("nope").toString())::get))
                .hasMessageContaining("not a folder");
        assertThatThrownBy(() -> EtlServletOptions.fromParameters(Map.of("sse-etl.heartbeat-seconds", "soon")::get))
                .hasMessageContaining("sse-etl.heartbeat-seconds");
        assertThat(EtlServletOptions.fromParameters(Map.of("sse-etl.heartbeat-seconds", "5")::get).heartbeatInterval())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsAndChecksTheUploadCapDeadlineAndRateParameters() {
        EtlServletOptions options = EtlServletOptions.fromParameters(Map.of("sse-etl.max-concurrent-uploads", "9",
                "sse-etl.upload-deadline-seconds", "60", "sse-etl.upload-min-bytes-per-second", "0",
                "sse-etl.upload-rate-window-seconds", "5")::get);
        assertThat(options.maxConcurrentUploads()).isEqualTo(9);
        assertThat(options.uploadDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.uploadMinBytesPerSecond()).isZero();
        assertThat(options.uploadRateWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> EtlServletOptions.builder().maxConcurrentUploads(0).build())
                .hasMessageContaining("maxConcurrentUploads");
        assertThatThrownBy(() -> EtlServletOptions.builder().uploadMinBytesPerSecond(-1).build())
                .hasMessageContaining("uploadMinBytesPerSecond");
        assertThatThrownBy(() -> EtlServletOptions.builder().uploadDeadline(Duration.ZERO).build())
                .hasMessageContaining("uploadDeadline");
    }

    @Test
    void computesTheBasePath() {
        assertThat(EtlServletInitializer.basePath(null)).isEqualTo("/api/etl");
        assertThat(EtlServletInitializer.basePath("imports/")).isEqualTo("/imports");
    }

    private String state(String base, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "status/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("state").asString();
    }
}
