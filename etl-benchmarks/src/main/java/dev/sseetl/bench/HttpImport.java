package dev.sseetl.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One import over HTTP, as a browser does it: multipart upload, the buffering progress stream to its end, the commit
 * request, the commit progress stream to its end. Times each stage on the client.
 */
final class HttpImport {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI api;

    HttpImport(URI api) {
        this.api = api;
    }

    /** Uploads, buffers and commits {@code file} into schema {@code schema}; returns the stage times and counts. */
    Map<String, Object> run(Path file, String schema) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        String id = upload(file, schema);
        long t1 = System.nanoTime();
        JsonNode buffered = streamToEnd("buffer-progress/" + id);
        long t2 = System.nanoTime();
        HttpResponse<String> commit = http.send(HttpRequest.newBuilder(api.resolve("commit/" + id))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (commit.statusCode() != 202) {
            throw new IllegalStateException("commit answered " + commit.statusCode() + ": " + commit.body());
        }
        JsonNode committed = streamToEnd("commit-progress/" + id);
        long t3 = System.nanoTime();
        r.put("uploadSeconds", Stages.seconds(t1 - t0));
        r.put("bufferSeconds", Stages.seconds(t2 - t1));
        r.put("commitSeconds", Stages.seconds(t3 - t2));
        r.put("totalSeconds", Stages.seconds(t3 - t0));
        r.put("bufferStatus", buffered.path("status").asString());
        r.put("buffered", buffered.path("processed").asLong());
        r.put("valid", buffered.path("valid").asLong());
        r.put("commitStatus", committed.path("status").asString());
        r.put("inserted", committed.path("result").path("inserted").asLong(-1));
        r.put("commitMessage", committed.path("message").asString(null));
        return r;
    }

    private String upload(Path file, String schema) throws Exception {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\n" + schema + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(api.resolve("upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        return Results.JSON.readTree(response.body()).path("importId").asString();
    }

    /** Reads an SSE stream until an event with a final status; returns that event's data. */
    private JsonNode streamToEnd(String route) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(api.resolve(route))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(route + " answered " + response.statusCode());
        }
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    JsonNode data = Results.JSON.readTree(line.substring(5).trim());
                    String status = data.path("status").asString();
                    if (!"Processing".equals(status)) {
                        if (!"Completed".equals(status)) {
                            throw new IllegalStateException(route + " ended " + status + ": " + data.path("message").asString(""));
                        }
                        return data;
                    }
                }
            }
        }
        throw new IllegalStateException(route + " closed before a final status");
    }
}
