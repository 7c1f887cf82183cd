package dev.sseetl.examples;

import dev.sseetl.DurableJobs;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.jdbc.JdbcFileStore;
import dev.sseetl.jdbc.JdbcImportRepository;
import dev.sseetl.jdbc.JdbcStagingStore;
import dev.sseetl.jdbc.PostgresProgressStore;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;
import dev.sseetl.servlet.EtlServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runnable demo: embedded Jetty with the import routes at {@code /api/etl}, an H2 database file in a data
 * folder, the built-in schemas {@code user_schema} (table {@code users}) and {@code products} (table
 * {@code products}) plus any JSON schema files from {@code --schemas DIR}, the UI components at {@code /etl-ui/*},
 * Vue at {@code /webjars/*}, the demo page at {@code /} and the committed rows at {@code GET /demo/rows/{schema}}.
 *
 * <pre>java -jar etl-examples/target/etl-examples.jar [--port 8080] [--schemas DIR] [--data DIR] [--host 127.0.0.1]
 *     [--db jdbc:postgresql://host/db]</pre>
 * With {@code --db}, demos on the same database are a cluster (docs/cluster.md).
 */
public final class DemoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoServer.class);
    /** Most threads of the demo's Jetty pool: uploads and previews are short, progress streams hold no thread. */
    private static final int MAX_THREADS = 100;
    /** Job threads per node with {@code --db}: each holds one connection while it buffers or commits. */
    private static final int JOB_THREADS = 4;
    /**
     * Connections per node with {@code --db}: the job threads, the progress store's LISTEN connection, the scheduler's
     * polling and heartbeats, and the requests that read the database (status, preview, rows) - see docs/cluster.md.
     */
    private static final int DB_POOL_SIZE = 20;
    /** Where the import routes are mapped. */
    public static final String API_PATH = "/api/etl";

    private final Server server;
    private final ServerConnector connector;
    private final EtlEngine engine;
    private final DemoDatabase database;
    /** The progress store shared with the other demos on the same {@code --db}, or null. */
    private final PostgresProgressStore sharedProgress;

    private DemoServer(Server server, ServerConnector connector, EtlEngine engine, DemoDatabase database,
                       PostgresProgressStore sharedProgress) {
        this.sharedProgress = sharedProgress;
        this.server = server;
        this.connector = connector;
        this.engine = engine;
        this.database = database;
    }

    /**
     * Starts the demo on loopback.
     *
     * @param port            the port, 0 for a free one
     * @param dataDir         folder for the H2 database file (created when missing)
     * @param extraSchemasDir a folder of JSON schema files to add to the built-in ones, or null
     */
    public static DemoServer start(int port, Path dataDir, Path extraSchemasDir) {
        return start("127.0.0.1", port, dataDir, extraSchemasDir);
    }

    /** Starts the demo on this host address ({@code 0.0.0.0} for every interface). */
    public static DemoServer start(String host, int port, Path dataDir, Path extraSchemasDir) {
        return start(host, port, dataDir, extraSchemasDir, null);
    }

    /**
     * Starts the demo; with {@code jdbcUrl} (a PostgreSQL URL) its tables, the shared stores (imports, progress,
     * staging, files) and the durable jobs live in that database, so demos started with the same URL and their own
     * port and data folder are a cluster. Null: the H2 file in the data folder and the one-node stores.
     */
    public static DemoServer start(String host, int port, Path dataDir, Path extraSchemasDir, String jdbcUrl) {
        DemoDatabase database = null;
        EtlEngine engine = null;
        PostgresProgressStore shared = null;
        // Progress streams hold no thread (async, non-blocking writes), so a bounded pool serves thousands of them;
        // Jetty's default (200) only grows while connections arrive in bursts and then idles.
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName("demo-jetty");
        Server server = new Server(threads);
        try {
            Files.createDirectories(dataDir);
            database = jdbcUrl == null ? new DemoDatabase(dataDir) : new DemoDatabase(jdbcUrl, DB_POOL_SIZE);
            List<Schema> schemas = new ArrayList<>(DemoSchemas.builtIn());
            if (extraSchemasDir != null) {
                schemas.addAll(SchemaLoader.fromDirectory(extraSchemasDir));
            }
            database.createSuppliersIfMissing();
            Map<String, String> tables = new LinkedHashMap<>();
            EtlEngine.Builder builder = EtlEngine.builder().dataSource(database.dataSource()); // for look-ups
            if (jdbcUrl != null) {
                shared = shareTheStores(builder, database.dataSource(), dataDir);
            }
            for (Schema schema : schemas) {
                String table = schema.table() != null ? schema.table() : schema.name();
                if (schema.target() == null && DemoDatabase.isIdentifier(table)) {
                    database.createTableIfMissing(schema, table);
                    tables.put(schema.name(), table);
                    schema = schema.withTarget(JdbcTable.of(database.dataSource(), table));
                }
                builder.schema(schema);
            }
            engine = builder.build();

            ServerConnector connector = new ServerConnector(server);
            connector.setHost(host);
            connector.setPort(port);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            ServletHolder api = new ServletHolder("sse-etl", new EtlServlet(engine));
            api.setAsyncSupported(true);
            context.addServlet(api, API_PATH + "/*");
            context.addServlet(new ServletHolder("etl-ui",
                    new ClasspathFiles("META-INF/resources/etl-ui/", null, "no-cache")), "/etl-ui/*");
            context.addServlet(new ServletHolder("webjars",
                    new ClasspathFiles("META-INF/resources/webjars/", null, "public, max-age=86400")), "/webjars/*");
            context.addServlet(new ServletHolder("rows", new RowsServlet(engine, database, tables)), "/demo/rows/*");
            context.addServlet(new ServletHolder("index",
                    new ClasspathFiles("demo/", "index.html", "no-cache")), "/");
            server.setHandler(context);
            server.start();
            DemoServer demo = new DemoServer(server, connector, engine, database, shared);
            log.info("sse-etl demo running at {} (data in {})", demo.baseUri(), dataDir.toAbsolutePath());
            return demo;
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // best effort
            }
            if (engine != null) {
                engine.close();
            }
            if (shared != null) {
                shared.close();
            }
            if (database != null) {
                database.close();
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("The demo could not start: " + e.getMessage(), e);
        }
    }

    /** The stores and jobs every demo started with the same {@code --db} shares (see docs/cluster.md). */
    private static PostgresProgressStore shareTheStores(EtlEngine.Builder builder, DataSource dataSource,
                                                         Path dataDir) {
        PostgresProgressStore progress = new PostgresProgressStore(dataSource);
        builder.workDirectory(dataDir.resolve("work"))
                .importRepository(new JdbcImportRepository(dataSource))
                .progressStore(progress)
                .stagingStore(new JdbcStagingStore(dataSource))
                .fileStore(new JdbcFileStore(dataSource, "etl_", dataDir.resolve("files")))
                .jobThreads(JOB_THREADS)
                .durableJobs(DurableJobs.on(dataSource));
        return progress;
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://localhost:<port>/}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The engine behind the routes. */
    public EtlEngine engine() {
        return engine;
    }

    /** Stops the server, then the engine, then the database. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the demo's web server failed: {}", e.getMessage());
        }
        engine.close();
        if (sharedProgress != null) {
            sharedProgress.close();
        }
        database.close();
    }

    /** {@code --port N} (default 8080), {@code --schemas DIR}, {@code --data DIR} (default ./etl-demo-data), {@code --host}. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        Path schemas = null;
        Path data = Path.of("etl-demo-data");
        String host = "127.0.0.1";
        String db = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println("Usage: java -jar etl-examples.jar [--port 8080] [--schemas DIR] [--data DIR] [--host 127.0.0.1] [--db JDBC_URL]");
                return;
            }
            if (i + 1 >= args.length) {
                System.err.println("Missing value after " + flag + ". Try --help.");
                System.exit(2);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = portNumber(value);
                case "--schemas" -> schemas = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--host" -> host = value;
                case "--db" -> db = value;
                default -> {
                    System.err.println("Unknown option " + flag + ". Try --help.");
                    System.exit(2);
                }
            }
        }
        DemoServer demo;
        try {
            demo = start(host, port, data, schemas, db);
        } catch (RuntimeException e) {
            System.err.println("sse-etl demo could not start: " + (e.getMessage() == null ? e : e.getMessage()));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "sse-etl-demo-shutdown"));
        System.out.println("sse-etl demo: open http://localhost:" + demo.port() + "/  (API at http://localhost:"
                + demo.port() + API_PATH + "/, Ctrl+C stops)");
        demo.server.join();
    }

    private static int portNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("sse-etl demo could not start: --port needs a number (0 for any free port), got '"
                    + value + "'.");
            System.exit(2);
            return -1;
        }
    }

    /** {@code GET /demo/rows/{schema}}: the committed rows, newest first, at most 200. */
    private static final class RowsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient EtlEngine engine;
        private final transient DemoDatabase database;
        private final transient Map<String, String> tables;
        private final transient JsonMapper json = JsonMapper.builder().build();

        RowsServlet(EtlEngine engine, DemoDatabase database, Map<String, String> tables) {
            this.engine = engine;
            this.database = database;
            this.tables = tables;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String name = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            resp.setContentType("application/json; charset=UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            String table = tables.get(name);
            if (table == null) {
                resp.setStatus(404);
                json.writeValue(resp.getOutputStream(), Map.of("error", Map.of("code", "NOT_FOUND",
                        "message", "No demo table for schema '" + name + "'. Schemas: " + tables.keySet())));
                return;
            }
            try {
                Schema schema = engine.schema(name);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("schema", name);
                body.put("table", table);
                body.put("columns", schema.columns().stream().map(c -> c.key()).toList());
                body.put("rows", database.newestRows(schema, table, 200));
                json.writeValue(resp.getOutputStream(), body);
            } catch (SQLException | ImportException e) {
                resp.setStatus(500);
                json.writeValue(resp.getOutputStream(), Map.of("error", Map.of("code", "INTERNAL",
                        "message", "Reading table " + table + " failed: " + e.getMessage())));
            }
        }
    }
}
