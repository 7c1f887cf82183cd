package dev.sseetl.examples.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sseetl.DurableJobs;
import dev.sseetl.EtlEngine;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.spi.CommitTarget;
import dev.sseetl.examples.DemoServer;
import dev.sseetl.jdbc.JdbcFileStore;
import dev.sseetl.jdbc.JdbcImportRepository;
import dev.sseetl.jdbc.JdbcStagingStore;
import dev.sseetl.jdbc.PostgresProgressStore;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.servlet.EtlServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One app node of a test cluster, run in a child JVM by {@link NodeProcess}: an engine on the shared PostgreSQL stores
 * (repository, staging, progress, files; tables named with {@code --prefix}) and schema {@code people} committing to
 * table {@code <prefix>people}, with the import routes at {@link DemoServer#API_PATH} on a free loopback port. Prints
 * {@code READY <port>} once it serves.
 *
 * <pre>ClusterNode --db JDBC_URL --prefix PREFIX --work DIR [--heartbeat-ms N] [--slow-ms N] [--durable-ms N]
 *             [--unique true]</pre>
 * {@code --heartbeat-ms}: the engine's job heartbeat; {@code --slow-ms}: a pause before each committed chunk, so that
 * a fault test's kill lands mid-commit; {@code --durable-ms}: run the jobs as durable db-scheduler executions beating
 * every N ms (taken over after 4 missed beats); {@code --unique true}: the table has a unique key on the e-mail.
 */
public final class ClusterNode {
    /** The line a node prints once it serves, followed by its port. */
    public static final String READY = "READY ";

    private ClusterNode() {
    }

    /** The schema every node of a test cluster serves. */
    static Schema people(DataSource dataSource, String table) {
        return people(JdbcTable.of(dataSource, table));
    }

    static Schema people(CommitTarget target) {
        return Schema.named("people")
                .column(Column.string("name").label("Name").required().maxLength(40))
                .column(Column.email("email").label("Email").required())
                .column(Column.integer("age").label("Age").min(0).max(150))
                .target(target)
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String prefix = options.get("--prefix");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.get("--db"));
        config.setMaximumPoolSize(10);
        config.setPoolName("node");
        HikariDataSource dataSource = new HikariDataSource(config);
        String table = prefix + "people";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR(40) NOT NULL, email VARCHAR(100) NOT NULL"
                    + ("true".equals(options.get("--unique")) ? " UNIQUE" : "") + ", age INT)");
        } catch (SQLException e) {
            // another node created it at the same moment
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        Path work = Path.of(options.get("--work"));
        PostgresProgressStore progress = new PostgresProgressStore(dataSource, prefix);
        long slowMillis = Long.parseLong(options.getOrDefault("--slow-ms", "0"));
        CommitTarget target = slowMillis > 0 ? new SlowTarget(JdbcTable.of(dataSource, table), slowMillis)
                : JdbcTable.of(dataSource, table);
        EtlEngine.Builder builder = EtlEngine.builder();
        if (options.containsKey("--durable-ms")) {
            builder.durableJobs(DurableJobs.on(dataSource).withTablePrefix(prefix)
                    .withHeartbeat(Duration.ofMillis(Long.parseLong(options.get("--durable-ms"))), 4));
        }
        EtlEngine engine = builder
                .schema(people(target))
                .jobHeartbeat(Duration.ofMillis(Long.parseLong(options.getOrDefault("--heartbeat-ms", "5000"))))
                .workDirectory(work)
                .importRepository(new JdbcImportRepository(dataSource, prefix))
                .stagingStore(new JdbcStagingStore(dataSource, prefix))
                .progressStore(progress)
                .fileStore(new JdbcFileStore(dataSource, prefix, work.resolve("files")))
                .build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder api = new ServletHolder("sse-etl", new EtlServlet(engine));
        api.setAsyncSupported(true);
        context.addServlet(api, DemoServer.API_PATH + "/*");
        server.setHandler(context);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // stopping anyway
            }
            engine.close();
            progress.close();
            dataSource.close();
        }, "node-shutdown"));
        System.out.println(READY + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
