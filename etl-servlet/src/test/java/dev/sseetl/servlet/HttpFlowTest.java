package dev.sseetl.servlet;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole import over HTTP: upload, buffering stream, preview, commit, commit stream, rows in the table, template. */
class HttpFlowTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CSV = "Name,Email,Age\nAda Lovelace,ada@example.com,36\nBad Row,not-an-email,-1\n"
            + "Grace Hopper,grace@example.com,45\n";

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
    void importsACsvFileFromUploadToCommittedRows() throws Exception {
        importAndCheck(Multipart.upload("people", "people.csv", CSV.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void importsAnXlsxFileFromUploadToCommittedRows() throws Exception {
        importAndCheck(Multipart.upload("people", "people.xlsx", xlsx(CSV)));
    }

    @Test
    void templateDownloadsAsAnAttachmentThatOpens() throws Exception {
        HttpResponse<byte[]> xlsx = server.http.send(HttpRequest.newBuilder(server.uri("template/people?format=xlsx")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"people-template.xlsx\"");
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.openxmlformats");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            XSSFSheet sheet = book.getSheetAt(0);
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(cell -> header.add(cell.getStringCellValue()));
            assertThat(header).containsExactly("Name", "Email", "Age");
        }
        HttpResponse<String> csv = server.get("template/people?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"people-template.csv\"");
        assertThat(csv.body().lines().findFirst().orElseThrow().replace("\uFEFF", "")).isEqualTo("Name,Email,Age");
    }

    @Test
    void aStreamOverHttp11ChunkedEndsWithTheFinalEventWhenTheServerCloses() throws Exception {
        HttpResponse<String> uploaded = server.upload(Multipart.upload("people", "p.csv", CSV.getBytes(StandardCharsets.UTF_8)), null);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();
        HttpResponse<InputStream> stream = server.http.sendAsync(
                HttpRequest.newBuilder(server.uri("buffer-progress/" + id)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=UTF-8");
        CompletableFuture<List<SseParser.Item>> all = CompletableFuture.supplyAsync(() -> {
            List<SseParser.Item> items = new ArrayList<>();
            try (var in = stream.body()) {
                SseParser parser = new SseParser(in);
                for (SseParser.Item item; (item = parser.next()) != null; ) {
                    items.add(item);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return items;
        });
        List<SseParser.Item> items = all.get(30, TimeUnit.SECONDS);
        SseParser.Item last = items.get(items.size() - 1);
        assertThat(JSON.readTree(last.data()).get("status").asString()).isEqualTo("Completed");
    }

    @Test
    void listsSchemasWithTheirColumns() throws Exception {
        JsonNode schemas = JSON.readTree(server.get("schemas").body()).get("schemas");
        assertThat(schemas).hasSize(1);
        assertThat(schemas.get(0).get("name").asString()).isEqualTo("people");
        assertThat(schemas.get(0).get("columns").get(1).get("key").asString()).isEqualTo("email");
        assertThat(schemas.get(0).get("columns").get(1).get("required").asBoolean()).isTrue();
    }

    private void importAndCheck(Multipart upload) throws Exception {
        HttpResponse<String> uploaded = server.upload(upload, null);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();
        assertThat(id).isNotBlank();

        List<SseParser.Item> buffering = streamToEnd(server, "buffer-progress/" + id);
        JsonNode lastBuffer = JSON.readTree(buffering.get(buffering.size() - 1).data());
        assertThat(lastBuffer.get("status").asString()).isEqualTo("Completed");
        assertThat(lastBuffer.get("processed").asLong()).isEqualTo(3);
        assertThat(lastBuffer.get("valid").asLong()).isEqualTo(2);
        assertThat(lastBuffer.get("invalid").asLong()).isEqualTo(1);

        JsonNode preview = JSON.readTree(server.get("preview/" + id + "?page=1&size=50&filter=all").body());
        assertThat(preview.get("importId").asString()).isEqualTo(id);
        assertThat(preview.get("schema").asString()).isEqualTo("people");
        assertThat(preview.get("summary").get("total").asLong()).isEqualTo(3);
        assertThat(preview.get("summary").get("valid").asLong()).isEqualTo(2);
        assertThat(preview.get("summary").get("invalid").asLong()).isEqualTo(1);
        assertThat(preview.get("page").asInt()).isEqualTo(1);
        assertThat(preview.get("size").asInt()).isEqualTo(50);
        assertThat(preview.get("filter").asString()).isEqualTo("all");
        assertThat(preview.get("columns").get(0).get("key").asString()).isEqualTo("name");
        assertThat(preview.get("columns").get(0).get("label").asString()).isEqualTo("Name");
        assertThat(preview.get("columns").get(2).get("type").asString()).isEqualTo("integer");
        JsonNode rows = preview.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("row").asLong()).isEqualTo(2);
        assertThat(rows.get(0).get("valid").asBoolean()).isTrue();
        assertThat(rows.get(0).get("values").get("age").asString()).isEqualTo("36");
        JsonNode bad = rows.get(1);
        assertThat(bad.get("valid").asBoolean()).isFalse();
        assertThat(bad.get("values").get("email").asString()).isEqualTo("not-an-email");
        assertThat(bad.get("errors")).isNotEmpty();
        assertThat(bad.get("errors").get(0).get("column").asString()).isIn("email", "age");
        assertThat(bad.get("errors").get(0).get("message").asString()).isNotBlank();

        JsonNode invalidOnly = JSON.readTree(server.get("preview/" + id + "?filter=invalid&size=1").body());
        assertThat(invalidOnly.get("rows")).hasSize(1);
        assertThat(invalidOnly.get("rows").get(0).get("row").asLong()).isEqualTo(3);

        HttpResponse<String> commit = server.send("POST", "commit/" + id, null);
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(202);
        List<SseParser.Item> committing = streamToEnd(server, "commit-progress/" + id);
        JsonNode lastCommit = JSON.readTree(committing.get(committing.size() - 1).data());
        assertThat(lastCommit.get("status").asString()).isEqualTo("Completed");
        assertThat(lastCommit.get("result").get("inserted").asLong()).isEqualTo(2);

        assertThat(server.people()).extracting(r -> r.get("email"))
                .containsExactly("ada@example.com", "grace@example.com");
        JsonNode status = JSON.readTree(server.get("status/" + id).body());
        assertThat(status.get("state").asString()).isEqualTo("COMMITTED");

        HttpResponse<byte[]> errors = server.http.send(HttpRequest.newBuilder(server.uri("errors/" + id + "?format=csv")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(errors.statusCode()).isEqualTo(200);
        assertThat(new String(errors.body(), StandardCharsets.UTF_8)).contains("not-an-email").doesNotContain("ada@example.com");
    }

    /**
     * Reads a progress stream to its end with the WHATWG parser and checks its framing: headers, retry, event name,
     * increasing ids, a final status last, and the server closing the stream.
     */
    static List<SseParser.Item> streamToEnd(TestServer server, String route) throws IOException {
        try (TestServer.RawResponse stream = server.openRaw(route, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().get("content-type")).isEqualToIgnoringCase("text/event-stream; charset=UTF-8");
            assertThat(stream.headers().get("cache-control")).isEqualTo("no-cache");
            assertThat(stream.headers().get("x-accel-buffering")).isEqualTo("no");
            SseParser parser = stream.sse();
            List<SseParser.Item> events = new ArrayList<>();
            long lastId = -1;
            for (SseParser.Item item; (item = parser.next()) != null; ) {
                if (item.isComment()) {
                    continue;
                }
                assertThat(item.type()).isEqualTo("progress");
                long id = Long.parseLong(item.lastEventId());
                assertThat(id).as("ids increase").isGreaterThan(lastId);
                lastId = id;
                events.add(item);
            }
            assertThat(parser.retry()).as("retry is set").isNotNull().isPositive();
            assertThat(events).isNotEmpty();
            String status = JSON.readTree(events.get(events.size() - 1).data()).get("status").asString();
            assertThat(status).isIn("Completed", "Failed", "Cancelled");
            for (SseParser.Item e : events.subList(0, events.size() - 1)) {
                assertThat(JSON.readTree(e.data()).get("status").asString()).isEqualTo("Processing");
            }
            return events;
        }
    }

    static byte[] xlsx(String csv) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = book.createSheet("people");
            List<String> lines = csv.lines().toList();
            for (int r = 0; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                var row = sheet.createRow(r);
                for (int c = 0; c < cells.length; c++) {
                    if (r > 0 && cells[c].matches("-?\\d+")) {
                        row.createCell(c).setCellValue(Long.parseLong(cells[c]));
                    } else {
                        row.createCell(c).setCellValue(cells[c]);
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }
}
