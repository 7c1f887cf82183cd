package dev.sseetl.spring.secured;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** One browser-like user of the import routes: basic auth, a cookie jar, the CSRF cookie sent back as a header. */
final class ImportClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String authorization;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    ImportClient(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs a CSV as the multipart form the UI sends; {@code withCsrf} adds the token from the cookie. */
    HttpResponse<String> upload(String schema, String fileName, String csv, boolean withCsrf)
            throws IOException, InterruptedException {
        String boundary = "----etl" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\n"
                + schema + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = request("upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return http.send((withCsrf ? csrf(request) : request).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, boolean withCsrf) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.noBody());
        return http.send((withCsrf ? csrf(request) : request).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens a progress stream and reads it until the server closes it, returning the JSON of every {@code data:}
     * line. The server ends the stream after the final (Completed, Failed or Cancelled) event.
     */
    List<JsonNode> events(String path) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = http.send(request(path).header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode());
        }
        List<JsonNode> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.filter(line -> line.startsWith("data:"))
                    .map(line -> JSON.readTree(line.substring(5).strip()))
                    .forEach(events::add);
        }
        return events;
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        URI uri = path.startsWith("/") ? base.resolve(path) : base.resolve("api/etl/" + path);
        return HttpRequest.newBuilder(uri).header("Authorization", authorization);
    }

    /** Spring Security's single-page-app CSRF: the XSRF-TOKEN cookie's value goes back in X-XSRF-TOKEN. */
    private HttpRequest.Builder csrf(HttpRequest.Builder request) {
        String token = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie yet: GET a page first"));
        return request.header("X-XSRF-TOKEN", token);
    }
}
