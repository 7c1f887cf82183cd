package dev.sseetl.servlet;

import dev.sseetl.EtlEngine;
import dev.sseetl.Limits;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A real Jetty on a free loopback port serving {@link EtlServlet} at {@code /api/etl/*}, with an engine whose work
 * folder is a test folder and a {@code people} schema committing into an in-memory H2 table. The owner is the
 * {@code X-User} header (anonymous without it).
 */
final class TestServer implements AutoCloseable {
    static final String OWNER_HEADER = "X-User";

    final Server server;
    final EtlServlet servlet;
    final EtlEngine engine;
    final JdbcDataSource dataSource;
    final Path workDir;
    final CountingProgressStore progress = new CountingProgressStore();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    TestServer(Path workDir, Limits limits, EtlServletOptions options) throws Exception {
        this(workDir, limits, options, Duration.ofMillis(100), 0);
    }

    /**
     * @param progressInterval the engine's least time between stored progress updates (zero: every row)
     * @param sendBufferBytes  the server sockets' send buffer, 0 for the system default
     */
    TestServer(Path workDir, Limits limits, EtlServletOptions options, Duration progressInterval, int sendBufferBytes)
            throws Exception {
        this(workDir, limits, options, progressInterval, sendBufferBytes, 0);
    }

    /** As above, with a container pool of at most {@code maxThreads} threads (0: Jetty's default). */
    TestServer(Path workDir, Limits limits, EtlServletOptions options, Duration progressInterval, int sendBufferBytes,
               int maxThreads) throws Exception {
        this.workDir = workDir;
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:servlet-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                    + "email VARCHAR(320) NOT NULL UNIQUE, age BIGINT)");
        }
        Schema people = Schema.named("people").table("people")
                .column(Column.string("name").label("Name").required().maxLength(100).example("Ada Lovelace"))
                .column(Column.email("email").label("Email").required().unique().example("ada@example.com"))
                .column(Column.integer("age").label("Age").min(0).example("36"))
                .build();
        engine = EtlEngine.builder()
                .schema(people.withTarget(JdbcTable.of(dataSource, "people")))
                .workDirectory(workDir)
                .limits(limits)
                .progressStore(progress)
                .progressInterval(progressInterval)
                .build();
        servlet = new EtlServlet(engine, options.toBuilder().ownerResolver(req -> {
            String user = req.getHeader(OWNER_HEADER);
            return user == null ? OwnerResolver.ANONYMOUS : user;
        }).build());
        server = maxThreads > 0 ? new Server(new QueuedThreadPool(maxThreads)) : new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (sendBufferBytes > 0) {
            connector.setAcceptedSendBufferSize(sendBufferBytes);
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("sse-etl", servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/etl/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    static TestServer start(Path workDir) throws Exception {
        return new TestServer(workDir, Limits.defaults(), EtlServletOptions.defaults());
    }

    int port() {
        return port;
    }

    URI uri(String route) {
        return URI.create("http://127.0.0.1:" + port + "/api/etl/" + route);
    }

    HttpResponse<String> send(String method, String route, String user) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(route)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            b.header(OWNER_HEADER, user);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String route) throws IOException, InterruptedException {
        return send("GET", route, null);
    }

    HttpResponse<String> upload(Multipart body, String user) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("upload")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (user != null) {
            b.header(OWNER_HEADER, user);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Rows of the people table as name -> email, age, in id order. */
    List<Map<String, Object>> people() throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, email, age FROM people ORDER BY id")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", rs.getString(1));
                row.put("email", rs.getString(2));
                row.put("age", rs.getObject(3));
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Opens a raw HTTP/1.0 GET (the body then ends when the server closes the connection, no chunking) and reads
     * the status line and headers. The socket has a read timeout so a test never hangs.
     */
    RawResponse openRaw(String route, Map<String, String> headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        StringBuilder req = new StringBuilder("GET /api/etl/" + route + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = headerLine(in);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (String line; !(line = headerLine(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new RawResponse(socket, Integer.parseInt(statusLine.split(" ")[1]), responseHeaders, in);
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed inside the response head");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** A raw response whose body is read as it arrives. */
    record RawResponse(Socket socket, int status, Map<String, String> headers, InputStream body) implements AutoCloseable {
        SseParser sse() {
            return new SseParser(body);
        }

        String bodyText() throws IOException {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        engine.close();
    }
}
