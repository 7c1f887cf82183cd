package dev.sseetl.servlet;

import dev.sseetl.ImportJob;
import dev.sseetl.Limits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.sseetl.servlet.HttpFlowTest.CSV;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile uploads: too many parts, giant headers, path-like file names. */
class UploadSafetyTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("work"), Limits.defaults(),
                EtlServletOptions.builder().maxPartHeaderBytes(16 * 1024).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void tenThousandPartsAreRefusedFast() throws Exception {
        Multipart m = new Multipart();
        for (int i = 0; i < 10_000; i++) {
            m.field("f" + i, "v");
        }
        m.file("file", "p.csv", CSV.getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        RawPost answer = rawPost(m);
        assertThat(answer.status).as(answer.body).isEqualTo(413);
        assertThat(JSON.readTree(answer.body).get("error").get("message").asString()).contains("parts");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aOneMegabytePartHeaderIsRefusedFast() throws Exception {
        Multipart m = new Multipart().part("Content-Disposition: form-data; name=\"schema_name\"\r\nX-Pad: "
                + "p".repeat(1 << 20), "people".getBytes(StandardCharsets.UTF_8));
        m.file("file", "p.csv", CSV.getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        RawPost answer = rawPost(m);
        assertThat(answer.status).as(answer.body).isEqualTo(413);
        assertThat(JSON.readTree(answer.body).get("error").get("message").asString()).contains("header");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void hostileFileNamesCreateNothingOutsideTheWorkFolder() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Set<Path> before = filesOutsideWork();
        List<String> names = List.of("../../x", "/etc/x", "C:\\x", "a\u0000b.csv", "../" + "n".repeat(10 * 1024) + ".csv",
                "..", "x/../../../outside/evil.csv");
        boolean etcXExisted = Files.exists(Path.of("/etc/x"));
        for (String name : names) {
            HttpResponse<String> r = server.upload(Multipart.upload("people", name, CSV.getBytes(StandardCharsets.UTF_8)), null);
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(202);
            String id = JSON.readTree(r.body()).get("importId").asString();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    JSON.readTree(server.get("status/" + id).body()).get("state").asString().equals("BUFFERED"));
            JsonNode status = JSON.readTree(server.get("status/" + id).body());
            String shown = status.get("fileName").asString();
            assertThat(shown).doesNotContain("/", "\\", "\u0000").hasSizeLessThanOrEqualTo(ImportJob.MAX_FILE_NAME_LENGTH)
                    .as("the engine's one file-name rule, not a second one in the servlet")
                    .isEqualTo(ImportJob.displayName(name));
        }
        assertThat(filesOutsideWork()).isEqualTo(before);
        assertThat(Files.exists(Path.of("/etc/x"))).isEqualTo(etcXExisted);
        assertThat(Files.exists(outside.resolve("evil.csv"))).isFalse();
        assertThat(Files.exists(Path.of("x")) || Files.exists(Path.of("../../x"))).isFalse();
    }

    private Set<Path> filesOutsideWork() throws IOException {
        Path work = dir.resolve("work");
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.startsWith(work)).collect(Collectors.toSet());
        }
    }

    private record RawPost(int status, String body) {
    }

    /**
     * Posts the body over a raw socket, writing on another thread, and reads the answer as soon as it comes: the
     * server may answer (and close) long before the body is sent.
     */
    private RawPost rawPost(Multipart m) throws Exception {
        byte[] body = m.bytes();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/etl/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + m.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < body.length; off += 8192) {
                        out.write(body, off, Math.min(8192, body.length - off));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading: expected
                }
            });
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    response.write(buf, 0, n);
                    if (complete(response.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException e) {
                // reset after the answer was read
            }
            writer.cancel(true);
            String text = response.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            String payload = text.substring(text.indexOf("\r\n\r\n") + 4);
            if (payload.contains("\r\n") && !payload.startsWith("{")) { // chunked
                payload = payload.substring(payload.indexOf("\r\n") + 2, payload.lastIndexOf('}') + 1);
            }
            return new RawPost(status, payload);
        }
    }

    private static boolean complete(String text) {
        int head = text.indexOf("\r\n\r\n");
        return head > 0 && text.indexOf('}', head) > 0 && text.trim().endsWith("}") || text.endsWith("0\r\n\r\n");
    }
}
