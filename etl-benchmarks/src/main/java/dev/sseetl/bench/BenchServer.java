package dev.sseetl.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.EtlEngine;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.StagedRow;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;
import dev.sseetl.servlet.EtlServlet;
import jakarta.servlet.MultipartConfigElement;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server under test, run in its own JVM (normally {@code -Xmx256m}): Jetty 12 with {@code EtlServlet} at
 * {@code /api/etl/*} over an engine whose schema {@code bench} commits into a PostgreSQL table through
 * {@link JdbcTable}, and whose schema {@code paced} commits into a target that takes a fixed time per chunk (to
 * produce progress changes at a steady pace for the stream test). The same Jetty setup the demo server uses, but on
 * PostgreSQL. Driven over standard input:
 * <ul>
 *   <li>{@code stats-reset} / {@code stats}: heap and thread figures of this JVM ({@code RESULT} line)</li>
 *   <li>{@code paced-import ROWS SLEEP_MS}: buffers a file of ROWS rows as {@code anonymous}, starts timing its
 *       commit progress, prints {@code IMPORT id}</li>
 *   <li>{@code paced-commit ID CHUNK}: starts its commit (SLEEP_MS per chunk of CHUNK rows); prints
 *       {@code V version nanoTime} for every stored progress change, then {@code COMMITTED}</li>
 *   <li>{@code quit}</li>
 * </ul>
 */
public final class BenchServer {
    static final String OWNER = "anonymous";

    private BenchServer() {
    }

    /**
     * Arguments: {@code pg=URL table=NAME work=DIR [threads=N]} (N: most Jetty threads, default 200 as Jetty's own
     * default). Prints {@code READY port}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path work = Path.of(a.get("work"));
        Files.createDirectories(work);
        PacedTarget paced = new PacedTarget();
        try (HeapSampler heap = new HeapSampler();
             HikariDataSource ds = Pg.pool(a.get("pg"));
             EtlEngine engine = EtlEngine.builder()
                     .schema(BenchData.schema("bench", JdbcTable.of(ds, a.get("table"))))
                     .schema(BenchData.schema("paced", paced))
                     .workDirectory(work.resolve("engine"))
                     .build()) {
            Server server = jetty(engine, work, Integer.parseInt(a.getOrDefault("threads", "200")));
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            System.out.println("READY " + port);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] cmd = line.trim().split(" ");
                switch (cmd[0]) {
                    case "stats-reset" -> {
                        heap.reset();
                        System.out.println("OK");
                    }
                    case "stats" -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("maxHeapMiB", Results.round1(heap.maxUsedMiB()));
                        r.put("maxLiveMiB", Results.round1(heap.maxLiveMiB()));
                        r.put("heapNowMiB", Results.round1(heap.usedNowMiB()));
                        r.put("maxThreads", heap.maxThreads());
                        r.put("threadsNow", heap.threadsNow());
                        r.put("xmxMiB", Results.round1(heap.maxHeapMiB()));
                        Results.emit(r);
                    }
                    case "paced-import" -> {
                        paced.pace(Long.parseLong(cmd[2]));
                        String id = pacedImport(engine, work, Long.parseLong(cmd[1]));
                        timeCommitChanges(engine, id);
                        System.out.println("IMPORT " + id);
                    }
                    case "paced-commit" -> engine.commit(cmd[1], OWNER,
                            new CommitOptions(CommitMode.VALID_ROWS, Integer.parseInt(cmd[2])));
                    default -> System.out.println("ERROR unknown command " + line);
                }
                System.out.flush();
            }
            server.stop();
        }
        System.exit(0);
    }

    private static Server jetty(EtlEngine engine, Path work, int maxThreads) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("jetty");
        Server server = new Server(threads);
        // Jetty's default HTTP configuration: EtlServlet itself gives each progress stream a 4 KiB response buffer
        // (instead of Jetty's 32 KiB of direct memory, which 10,000 streams under -Xmx256m could not get).
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(TimeUnit.MINUTES.toMillis(10));
        connector.setAcceptQueueSize(8192);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(new EtlServlet(engine));
        holder.setAsyncSupported(true);
        Path uploads = Files.createDirectories(work.resolve("multipart"));
        holder.getRegistration().setMultipartConfig(new MultipartConfigElement(uploads.toString(), -1, -1, 1 << 20));
        context.addServlet(holder, "/api/etl/*");
        server.setHandler(context);
        return server;
    }

    private static String pacedImport(EtlEngine engine, Path work, long rows) throws Exception {
        Path file = DataGenerator.csv(work.resolve("data"), rows);
        String id;
        try (InputStream in = Files.newInputStream(file)) {
            id = engine.upload("paced", in, "paced.csv", Map.of(), OWNER);
        }
        CompletableFuture<ProgressSnapshot> done = new CompletableFuture<>();
        try (var ignored = engine.subscribe(id, OWNER, Phase.BUFFER, s -> {
            if (s.status().isFinal()) {
                done.complete(s);
            }
        })) {
            ProgressSnapshot end = done.get(5, TimeUnit.MINUTES);
            if (!end.status().label().equals("Completed")) {
                throw new IllegalStateException("paced import buffering ended " + end.status() + ": " + end.message());
            }
        }
        return id;
    }

    /**
     * Subscribes the timing listener to the import's commit progress. Called before any client connects: listeners
     * of one change are called in subscription order on the storing thread, so this one sees each change first and
     * the delay measured at the clients covers the whole fan-out to every stream.
     */
    private static void timeCommitChanges(EtlEngine engine, String id) {
        Queue<long[]> changes = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean[] first = {true};
        var subscription = engine.subscribe(id, OWNER, Phase.COMMIT, s -> {
            long now = System.nanoTime();
            if (first[0]) {
                first[0] = false; // the current snapshot, sent on subscribing: not a change
                return;
            }
            changes.add(new long[]{s.version(), now});
            if (s.status().isFinal()) {
                done.complete(null);
            }
        });
        Thread reporter = new Thread(() -> {
            try {
                done.get(30, TimeUnit.MINUTES);
            } catch (Exception e) {
                System.out.println("ERROR paced commit did not end: " + e);
            }
            subscription.close();
            StringBuilder sb = new StringBuilder();
            for (long[] c : changes) {
                sb.append("V ").append(c[0]).append(' ').append(c[1]).append('\n');
            }
            sb.append("COMMITTED\n");
            System.out.print(sb);
            System.out.flush();
        }, "paced-reporter");
        reporter.setDaemon(true);
        reporter.start();
    }

    /** A commit target that takes a fixed time per chunk and keeps nothing: a steady source of progress changes. */
    static final class PacedTarget implements CommitTarget {
        private volatile long sleepMillis = 200;

        void pace(long millis) {
            this.sleepMillis = millis;
        }

        @Override
        public CommitSession open(Schema schema, CommitMode mode) {
            return new CommitSession() {
                @Override
                public ChunkResult write(List<StagedRow> rows) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CommitFailure(-1, "interrupted", e);
                    }
                    return new ChunkResult(rows.size(), 0);
                }

                @Override
                public void complete() {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
