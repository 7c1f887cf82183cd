package dev.sseetl.examples;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo as a new user meets it: started on a free port, driven over HTTP, rows kept in the data folder. */
class DemoServerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    DemoServer demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void aBadSchemaFileOrFlagStopsTheCommandWithOneSentenceNotAStackTrace() throws Exception {
        Path schemas = Files.createDirectories(dir.resolve("bad-schemas"));
        Files.writeString(schemas.resolve("books.json"), "{\"name\":\"books\",\"columns\":[{\"key\":\"title\",\"type\":\"strng\"}]}");
        for (String[] args : new String[][]{
                {"--port", "0", "--data", dir.resolve("data").toString(), "--schemas", schemas.toString()},
                {"--port", "eighty"}}) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DemoServer.class.getName()));
            command.addAll(java.util.List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isNotZero();
            assertThat(output).contains("sse-etl demo could not start: ").doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void importsUsersAndProductsAndListsTheCommittedRowsNewestFirst() throws Exception {
        demo = DemoServer.start(0, dir.resolve("data"), null);
        assertThat(demo.baseUri().toString()).isEqualTo("http://localhost:" + demo.port() + "/");

        String users = "Name,Email,Birth Date,Role,Active\nAda Lovelace,ada@example.com,1815-12-10,admin,yes\n"
                + "Grace Hopper,grace@example.com,1906-12-09,,true\nNo Mail,,2000-01-01,viewer,no\n";
        importFile("user_schema", "users.csv", users);
        JsonNode rows = json("demo/rows/user_schema");
        assertThat(rows.get("table").asString()).isEqualTo("users");
        assertThat(rows.get("columns").get(0).asString()).isEqualTo("name");
        assertThat(rows.get("rows")).hasSize(2);
        assertThat(rows.get("rows").get(0).get("email").asString()).isEqualTo("grace@example.com");
        assertThat(rows.get("rows").get(0).get("role").asString()).isEqualTo("viewer");
        assertThat(rows.get("rows").get(1).get("birth_date").asString()).isEqualTo("1815-12-10");

        String products = "SKU,Name,Price,Stock,Category,Released\nBK-0001,The Analytical Engine,19.90,12,books,2024-05-01\n"
                + "bad sku,Lowercase,1,1,books,2024-01-01\nEL-0002,Difference Engine,-3,1,electronics,2024-01-01\n";
        importFile("products", "products.csv", products);
        JsonNode productRows = json("demo/rows/products").get("rows");
        assertThat(productRows).hasSize(1);
        assertThat(productRows.get(0).get("price").asString()).isEqualTo("19.90");
    }

    @Test
    void theProductsHostRulesShowTheirErrorsInThePreview() throws Exception {
        demo = DemoServer.start(0, dir.resolve("data"), null);
        String id = bufferFile("products", "products.csv", "SKU,Name,Price,Stock,Supplier\n"
                + "BK-1,Known supplier,1.50,3,acme\n"
                + "BK-2,Unknown supplier,1.50,3,Umbrella\n"
                + "BK-3,In stock without price,,3,GLOBEX\n"
                + "BK-4,No stock no price,,0,\n");
        JsonNode preview = json("api/etl/preview/" + id + "?filter=invalid");
        assertThat(preview.get("summary").get("valid").asInt()).isEqualTo(2);
        JsonNode rows = preview.get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("row").asInt()).isEqualTo(3);
        assertThat(rows.get(0).get("errors").get(0).get("code").asString()).isEqualTo("exists");
        assertThat(rows.get(0).get("errors").get(0).get("message").asString())
                .isEqualTo("Supplier 'Umbrella' is not a known value.");
        assertThat(rows.get(1).get("errors").get(0).get("column").asString()).isEqualTo("price");
        assertThat(rows.get(1).get("errors").get(0).get("code").asString()).isEqualTo("price_for_stock");
        assertThat(rows.get(1).get("errors").get(0).get("message").asString())
                .isEqualTo("Price is needed for a product in stock (3).");
        JsonNode all = json("api/etl/preview/" + id + "?filter=valid").get("rows");
        assertThat(all.get(0).get("values").get("supplier").asString()).isEqualTo("ACME");
    }

    @Test
    void keepsRowsAcrossRestartsAndAddsSchemasFromAFolder() throws Exception {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("books.json"), """
                {"name":"books","table":"books","uniqueKey":["isbn"],"columns":[
                  {"key":"isbn","label":"ISBN","type":"string","required":true,"unique":true},
                  {"key":"title","label":"Title","type":"string","required":true,"maxLength":200}]}
                """);
        demo = DemoServer.start(0, dir.resolve("data"), schemas);
        importFile("books", "books.csv", "ISBN,Title\n978-0,Sketch of the Analytical Engine\n");
        demo.close();
        demo = DemoServer.start(0, dir.resolve("data"), schemas);
        JsonNode rows = json("demo/rows/books");
        assertThat(rows.get("rows")).hasSize(1);
        assertThat(rows.get("rows").get(0).get("title").asString()).isEqualTo("Sketch of the Analytical Engine");
        assertThat(JSON.readTree(get("api/etl/schemas").body()).get("schemas")).hasSize(3);
    }

    @Test
    void servesVueTheUiFolderAndAnswersUnknownThingsWith404() throws Exception {
        demo = DemoServer.start(0, dir.resolve("data"), null);
        HttpResponse<String> vue = get("webjars/vue/3.5.26/dist/vue.esm-browser.prod.js");
        assertThat(vue.statusCode()).isEqualTo(200);
        assertThat(vue.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(get("webjars/vue/3.5.26/../../../demo/index.html").statusCode()).isIn(400, 404);
        assertThat(get("etl-ui/no-such-file.js").statusCode()).isEqualTo(404);
        assertThat(get("demo/rows/no_such_schema").statusCode()).isEqualTo(404);
        assertThat(get("nothing/here").statusCode()).isEqualTo(404);
        int index = get("").statusCode();
        boolean pagePresent = getClass().getClassLoader().getResource("demo/index.html") != null;
        assertThat(index).isEqualTo(pagePresent ? 200 : 404);
    }

    private void importFile(String schema, String fileName, String csv) throws Exception {
        String id = bufferFile(schema, fileName, csv);
        HttpResponse<String> commit = http.send(HttpRequest.newBuilder(uri("api/etl/commit/" + id))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id).equals("COMMITTED"));
    }

    /** Uploads the file and waits until it is buffered; its import id. */
    private String bufferFile(String schema, String fileName, String csv) throws Exception {
        String boundary = "----demoTestBoundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\n" + schema
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(uri("api/etl/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String id = JSON.readTree(upload.body()).get("importId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> state(id).equals("BUFFERED"));
        return id;
    }

    private String state(String id) throws IOException, InterruptedException {
        return json("api/etl/status/" + id).get("state").asString();
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + demo.port() + "/" + path);
    }
}
