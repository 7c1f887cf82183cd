package dev.sseetl.servlet;

import dev.sseetl.Limits;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.sseetl.servlet.ErrorStatusTest.uploadBuffered;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** The progress streams: first snapshot, heartbeats, reconnects, clients that leave, clients that never read. */
class ProgressStreamTest {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(dir.resolve("work"), Limits.defaults(),
                EtlServletOptions.builder().heartbeatInterval(Duration.ofMillis(200)).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void anIdleStreamStartsWithTheCurrentSnapshotAndSendsHeartbeats() throws Exception {
        String id = uploadBuffered(server, null);
        try (TestServer.RawResponse stream = server.openRaw("commit-progress/" + id, Map.of())) {
            SseParser parser = stream.sse();
            SseParser.Item first = parser.next();
            assertThat(first.type()).isEqualTo("progress");
            JsonNode snapshot = JSON.readTree(first.data());
            assertThat(snapshot.get("status").asString()).isEqualTo("Processing");
            assertThat(snapshot.get("phase").asString()).isEqualTo("commit");
            assertThat(snapshot.get("processed").asLong()).isZero();
            SseParser.Item second = parser.next();
            assertThat(second.isComment()).as("a heartbeat comment while idle").isTrue();
            assertThat(parser.retry()).isNotNull();
            assertThat(server.servlet.openStreams()).isEqualTo(1);
        }
    }

    @Test
    void aReconnectGetsTheLatestSnapshotAtOnceWithOrWithoutLastEventId() throws Exception {
        String id = uploadBuffered(server, null);
        List<SseParser.Item> firstVisit = HttpFlowTest.streamToEnd(server, "buffer-progress/" + id);
        String lastId = firstVisit.get(firstVisit.size() - 1).lastEventId();
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Last-Event-ID", lastId),
                Map.of("Last-Event-ID", "0"))) {
            try (TestServer.RawResponse stream = server.openRaw("buffer-progress/" + id, headers)) {
                SseParser parser = stream.sse();
                SseParser.Item item = parser.next();
                assertThat(JSON.readTree(item.data()).get("status").asString()).isEqualTo("Completed");
                assertThat(item.lastEventId()).isEqualTo(lastId);
                assertThat(parser.next()).as("closed after the final status").isNull();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openStreams() == 0);
    }

    @Test
    void aStreamEndsAtItsAsyncTimeoutAndReleasesEverything() throws Exception {
        try (TestServer shortLived = new TestServer(dir.resolve("work2"), Limits.defaults(),
                EtlServletOptions.builder().sseTimeout(Duration.ofMillis(800)).heartbeatInterval(Duration.ofMinutes(1)).build())) {
            String id = uploadBuffered(shortLived, null);
            try (TestServer.RawResponse stream = shortLived.openRaw("commit-progress/" + id, Map.of())) {
                SseParser parser = stream.sse();
                assertThat(parser.next().type()).isEqualTo("progress");
                assertThat(shortLived.servlet.openStreams()).isEqualTo(1);
                assertThat(parser.next()).as("the server closes the stream at the timeout").isNull();
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.servlet.openStreams() == 0);
            assertThat(shortLived.progress.openSubscriptions()).isZero();
        }
    }

    @Test
    void thousandStreamsOpenedAndDroppedLeaveNothingBehind() throws Exception {
        String id = uploadBuffered(server, null);
        List<TestServer.RawResponse> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                TestServer.RawResponse stream = server.openRaw("commit-progress/" + id, Map.of());
                assertThat(stream.sse().next().type()).isEqualTo("progress");
                streams.add(stream);
            }
            assertThat(server.servlet.openStreams()).isEqualTo(1000);
            assertThat(server.progress.openSubscriptions()).isEqualTo(1000);
        } finally {
            for (TestServer.RawResponse s : streams) {
                s.close();
            }
        }
        // The server learns a client left on its next write (a heartbeat at the latest).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.servlet.openStreams() == 0);
        assertThat(server.progress.openSubscriptions()).as("engine listeners released").isZero();
        // The import is untouched and still commits.
        assertThat(server.send("POST", "commit/" + id, null).statusCode()).isEqualTo(202);
        List<SseParser.Item> events = HttpFlowTest.streamToEnd(server, "commit-progress/" + id);
        assertThat(JSON.readTree(events.get(events.size() - 1).data()).get("status").asString()).isEqualTo("Completed");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.servlet.openStreams() == 0);
    }

    @Test
    void clientsThatNeverReadDelayNeitherTheJobNorOtherClients() throws Exception {
        // Progress stored on every row and small socket buffers: a client that does not read fills its connection
        // within a few frames, so the server's writes to it would block if they could.
        try (TestServer busy = new TestServer(dir.resolve("work-busy"), Limits.defaults(),
                EtlServletOptions.builder().heartbeatInterval(Duration.ofMillis(200)).build(), Duration.ZERO, 4096)) {
            StringBuilder csv = new StringBuilder("Name,Email,Age\n");
            for (int i = 0; i < 60_000; i++) {
                csv.append("Person number ").append(i).append(",person").append(i).append("@example.com,")
                        .append(i % 99).append('\n');
            }
            String body = busy.upload(Multipart.upload("people", "many.csv",
                    csv.toString().getBytes(StandardCharsets.UTF_8)), null).body();
            String id = JSON.readTree(body).get("importId").asString();
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket s = new Socket();
                    s.setReceiveBufferSize(1024);
                    s.connect(new InetSocketAddress("127.0.0.1", busy.port()));
                    s.getOutputStream().write(("GET /api/etl/buffer-progress/" + id + " HTTP/1.0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    stalled.add(s); // never read
                }
                List<SseParser.Item> events = HttpFlowTest.streamToEnd(busy, "buffer-progress/" + id);
                Instant received = Instant.now();
                JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
                assertThat(last.get("status").asString()).isEqualTo("Completed");
                assertThat(last.get("processed").asLong()).isEqualTo(60_000);
                JsonNode status = JSON.readTree(busy.get("status/" + id).body());
                assertThat(status.get("state").asString()).isEqualTo("BUFFERED");
                Instant ended = Instant.parse(status.get("updatedAt").asString());
                assertThat(Duration.between(ended, received)).as("the reading client heard of the end at once")
                        .isLessThan(Duration.ofSeconds(3));
                assertThat(busy.servlet.openStreams()).as("the stalled clients are really stuck (final frame unsent)")
                        .isPositive();
            } finally {
                for (Socket s : stalled) {
                    closeQuietly(s);
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> busy.servlet.openStreams() == 0);
            assertThat(busy.progress.openSubscriptions()).isZero();
        }
    }

    @Test
    void eachChangeIsRenderedOnceForAllTheStreamsFollowingIt() throws Exception {
        String id = uploadBuffered(server, null);
        List<TestServer.RawResponse> streams = new ArrayList<>();
        List<SseParser> parsers = new ArrayList<>();
        try {
            long firstVersion = -1;
            for (int i = 0; i < 200; i++) {
                TestServer.RawResponse stream = server.openRaw("commit-progress/" + id, Map.of());
                streams.add(stream);
                SseParser parser = stream.sse();
                parsers.add(parser);
                SseParser.Item first = parser.next();
                assertThat(first.type()).isEqualTo("progress");
                firstVersion = Long.parseLong(first.lastEventId());
            }
            long renderedBefore = server.servlet.frames.renderings();
            assertThat(server.send("POST", "commit/" + id, null).statusCode()).isEqualTo(202);
            long lastVersion = firstVersion;
            for (SseParser parser : parsers) {
                SseParser.Item item;
                List<SseParser.Item> seen = new ArrayList<>();
                do {
                    item = parser.next();
                    seen.add(item);
                    assertThat(item).as("events before the end: %s", seen).isNotNull();
                } while (!"progress".equals(item.type())
                        || !"Completed".equals(JSON.readTree(item.data()).get("status").asString()));
                lastVersion = Long.parseLong(item.lastEventId());
            }
            long changes = lastVersion - firstVersion;
            assertThat(changes).isPositive();
            assertThat(server.servlet.frames.renderings() - renderedBefore)
                    .as("renderings for %d changes followed by 200 streams", changes)
                    .isBetween(1L, changes);
        } finally {
            for (TestServer.RawResponse s : streams) {
                s.close();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // gone already
        }
    }
}
