package dev.sseetl.examples.cluster;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

/** What a fault test does with a test cluster: HTTP calls to its nodes and queries of its {@code <prefix>people}. */
final class ClusterClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String postgres;
    private final String prefix;

    ClusterClient(String postgres, String prefix) {
        this.postgres = postgres;
        this.prefix = prefix;
    }

    /** Uploads {@code rows} people (every tenth one invalid: age -1) to {@code node}; returns the import id. */
    String upload(NodeProcess node, int rows) throws Exception {
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

    HttpResponse<String> post(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of a progress stream, read in the background into {@code lines}. */
    void stream(URI uri, java.util.List<String> lines) {
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
    }

    JsonNode status(NodeProcess node, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.api().resolve("status/" + id))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String state(NodeProcess node, String id) throws Exception {
        return status(node, id).get("state").asString();
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    long rows() throws SQLException {
        return query("SELECT count(*) FROM " + prefix + "people");
    }

    long distinctRows() throws SQLException {
        return query("SELECT count(DISTINCT email) FROM " + prefix + "people");
    }

    /** The single number {@code sql} selects; 0 while the nodes have not created the table yet. */
    long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** The {@code picked_by} of the import's running execution, or null. */
    String pickedBy(String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT picked_by FROM " + prefix + "scheduled_tasks WHERE picked AND "
                     + "task_instance = '" + id.replace("'", "") + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
