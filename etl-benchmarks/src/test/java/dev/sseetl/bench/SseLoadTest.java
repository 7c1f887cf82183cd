package dev.sseetl.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseLoadTest {
    private Server server;
    private int port;
    private final List<AsyncContext> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                if (req.getPathInfo().equals("/missing")) {
                    resp.sendError(404);
                    return;
                }
                resp.setContentType("text/event-stream");
                AsyncContext async = req.startAsync();
                async.setTimeout(0);
                resp.getWriter().write("id: 1\nevent: progress\ndata: {\"processed\":0,\"status\":\"Processing\"}\n\n");
                resp.flushBuffer();
                open.add(async);
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/sse/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
    }

    /** Sends one event to every open stream and returns when it was sent (nanoTime). */
    private long broadcast(long version, String status, boolean last) throws IOException {
        long now = System.nanoTime();
        for (AsyncContext async : open) {
            var w = async.getResponse().getWriter();
            w.write(": heartbeat\n\nid: " + version + "\nevent: progress\ndata: {\"processed\":" + version
                    + ",\"status\":\"" + status + "\"}\n\n");
            async.getResponse().flushBuffer();
            if (last) {
                async.complete();
            }
        }
        return now;
    }

    @Test
    void timesEveryChangeAtEveryStreamAndEndsOnTheFinalStatus() throws Exception {
        try (SseLoad load = SseLoad.open("127.0.0.1", port, "/sse/x", 50, Duration.ofSeconds(30))) {
            Map<Long, Long> changes = new ConcurrentHashMap<>();
            changes.put(2L, broadcast(2, "Processing", false));
            Thread.sleep(30);
            changes.put(3L, broadcast(3, "Completed", true));

            assertThat(load.awaitFinished(Duration.ofSeconds(30))).isTrue();
            assertThat(load.finishedCount()).isEqualTo(50);
            assertThat(load.failedCount()).isZero();
            long[] delays = load.delays(changes);
            assertThat(delays).hasSize(100);
            assertThat(delays[0]).isPositive();
            assertThat(delays[99]).isLessThan(Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void failsWhenTheServerRefusesTheStream() {
        assertThatThrownBy(() -> SseLoad.open("127.0.0.1", port, "/sse/missing", 5, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 404");
    }
}
