package dev.sseetl.servlet;

import dev.sseetl.Limits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sseetl.servlet.HttpFlowTest.CSV;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow uploads over raw sockets against real Jetty with a small thread pool: they hold no container thread, the
 * other routes stay fast, slow ones are cut with 408 and one over the cap gets 503.
 */
class SlowUploadTest {
    private static final String BOUNDARY = "slowBoundary7";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void threeHundredSlowUploadsLeaveEveryOtherRouteFast() throws Exception {
        EtlServletOptions options = EtlServletOptions.builder().maxConcurrentUploads(400).build();
        try (TestServer server = new TestServer(dir.resolve("work"), Limits.defaults(), options,
                Duration.ofMillis(100), 0, 100);
             SlowClients slow = new SlowClients()) {
            String id = ErrorStatusTest.uploadBuffered(server, null);
            for (int i = 0; i < 300; i++) {
                slow.open(server.port());
            }
            slow.dripEvery(Duration.ofSeconds(1));
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> server.servlet.openUploads() == 300);

            long t0 = System.nanoTime();
            HttpResponse<String> schemas = server.get("schemas");
            long schemasMs = millisSince(t0);
            long t1 = System.nanoTime();
            HttpResponse<String> preview = server.get("preview/" + id);
            long previewMs = millisSince(t1);
            long t2 = System.nanoTime();
            long streamMs;
            try (TestServer.RawResponse stream = server.openRaw("buffer-progress/" + id, Map.of())) {
                SseParser events = stream.sse();
                SseParser.Item first;
                do {
                    first = events.next();
                } while (first != null && first.data() == null);
                streamMs = millisSince(t2);
                assertThat(first).isNotNull();
                assertThat(first.data()).contains("\"status\"");
            }
            System.out.printf("sse-etl slow uploads: %d open on a 100-thread pool; GET schemas %d ms, GET preview %d ms,"
                    + " first progress event %d ms%n", server.servlet.openUploads(), schemasMs, previewMs, streamMs);
            assertThat(schemas.statusCode()).isEqualTo(200);
            assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
            assertThat(schemasMs).isLessThan(1000);
            assertThat(previewMs).isLessThan(1000);
            assertThat(streamMs).isLessThan(1000);
            assertThat(server.servlet.openUploads()).isEqualTo(300);

            slow.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.servlet.openUploads() == 0);
            assertThat(spooled(server)).isEmpty();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anUploadBelowTheMinimumRateIsCutWith408AndLeavesNoFile() throws Exception {
        EtlServletOptions options = EtlServletOptions.builder().uploadRateWindow(Duration.ofSeconds(1))
                .uploadMinBytesPerSecond(100).build();
        try (TestServer server = new TestServer(dir.resolve("work"), Limits.defaults(), options);
             SlowClients slow = new SlowClients()) {
            Socket socket = slow.open(server.port());
            slow.dripEvery(Duration.ofMillis(200));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 1);
            long t0 = System.nanoTime();
            String head = responseHead(socket.getInputStream());
            long cutMs = millisSince(t0);
            assertThat(head).startsWith("HTTP/1.1 408");
            assertThat(head.toLowerCase()).contains("connection: close").contains("application/json");
            assertThat(cutMs).isLessThan(5000);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 0);
            assertThat(spooled(server)).isEmpty();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBodyEndingEarlyGets400ThatSaysSoAndLeavesNoFile() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("work"));
             SlowClients slow = new SlowClients()) {
            Socket socket = slow.open(server.port());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 1);
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("ended before the file was complete");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 0);
            assertThat(spooled(server)).isEmpty();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anUploadOverTheCapGets503WithRetryAfter() throws Exception {
        EtlServletOptions options = EtlServletOptions.builder().maxConcurrentUploads(2).build();
        try (TestServer server = new TestServer(dir.resolve("work"), Limits.defaults(), options)) {
            Multipart upload = Multipart.upload("people", "p.csv", CSV.getBytes(StandardCharsets.UTF_8));
            try (SlowClients slow = new SlowClients()) {
                slow.open(server.port());
                slow.open(server.port());
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 2);
                HttpResponse<String> refused = server.upload(upload, null);
                ErrorStatusTest.assertError(refused, 503, "BUSY");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openUploads() == 0);
            HttpResponse<String> accepted = server.upload(upload, null);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static List<Path> spooled(TestServer server) throws IOException {
        try (Stream<Path> files = Files.list(server.servlet.uploadDirectory())) {
            return files.filter(f -> f.getFileName().toString().startsWith("sse-etl-upload-")).toList();
        }
    }

    /** The status line and headers of a raw response. */
    private static String responseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        for (int c; newlines < 2 && (c = in.read()) >= 0; ) {
            if (c == '\r') {
                continue;
            }
            newlines = c == '\n' ? newlines + 1 : 0;
            head.write(c);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Raw sockets that each send an upload's head and first part, then a byte at a time; closing closes them all. */
    private static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private Thread drip;

        Socket open(int port) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            sockets.add(socket);
            String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\npeople\r\n"
                    + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\nname,email,age\n";
            String head = "POST /api/etl/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                    + BOUNDARY + "\r\nContent-Length: 100000\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((head + part).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return socket;
        }

        void dripEvery(Duration every) {
            drip = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (Socket s : List.copyOf(sockets)) {
                        try {
                            s.getOutputStream().write('a');
                        } catch (IOException e) {
                            // cut by the server
                        }
                    }
                    try {
                        Thread.sleep(every.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "slow-upload-drip");
            drip.setDaemon(true);
            drip.start();
        }

        @Override
        public void close() throws Exception {
            if (drip != null) {
                drip.interrupt();
                drip.join(5000);
                drip = null;
            }
            for (Socket s : sockets) {
                s.close();
            }
            sockets.clear();
        }
    }
}
