package dev.sseetl.servlet;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportStatus;
import dev.sseetl.Limits;
import dev.sseetl.Phase;
import dev.sseetl.RowFilter;
import dev.sseetl.spi.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every sse-etl route over HTTP, as one async Jakarta servlet. Map it at {@code <basePath>/*} (default
 * {@code /api/etl/*}) with async support; it routes on the path info:
 * <pre>
 * POST   upload                          multipart: schema_name, extra text fields, then file -> 202 {"importId"}
 * GET    buffer-progress/{id}            text/event-stream of the buffering progress
 * GET    preview/{id}?page=&amp;size=&amp;filter=  a page of staged rows with their errors
 * POST   commit/{id}?mode=&amp;chunk_size=     202; 409 unless buffered and not yet committing
 * GET    commit-progress/{id}            text/event-stream of the commit progress
 * GET    status/{id}                     a JSON snapshot, for clients that cannot stream
 * DELETE imports/{id}                    cancel and discard; 204
 * GET    errors/{id}?format=csv|xlsx     the invalid rows with their errors
 * GET    template/{schema}?format=xlsx|csv the template file
 * GET    schemas                         every schema with its columns
 * </pre>
 * Failures are JSON {@code {"error":{"code":..,"message":..}}} with the status of the {@link ErrorCode}. The
 * servlet holds no thread per open progress stream and never blocks on a client's socket.
 *
 * <p>Upload: the body is parsed as a stream, without a {@code MultipartConfig}. Text fields must come before the
 * {@code file} part (browsers send {@code FormData} in the order it was filled); the file is piped straight into the
 * engine's file store and the client's file name is kept for display only.
 */
public class EtlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(EtlServlet.class);
    /** Response buffer of a progress stream: a frame is a few hundred bytes; kept for as long as the stream is open. */
    static final int SSE_BUFFER_BYTES = 4096;
    private static final Set<String> ROUTES = Set.of("upload", "buffer-progress", "preview", "commit",
            "commit-progress", "status", "imports", "errors", "template", "schemas");

    private transient EtlEngine engine;
    private transient Options options;
    private transient boolean ownsEngine;
    private final transient JsonMapper mapper = JsonMapper.builder().build();
    private final transient JsonViews views = new JsonViews(mapper);
    private final transient Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    final transient ProgressFrames frames = new ProgressFrames();
    private transient ScheduledExecutorService heartbeat;
    private transient ExecutorService writers;

    /** For {@code web.xml}: the engine is built from init-parameters in {@link #init()} (see docs/servlet.md). */
    public EtlServlet() {
    }

    /** Serves this engine with the default {@link Options}. The caller keeps ownership of the engine. */
    public EtlServlet(EtlEngine engine) {
        this(engine, Options.defaults());
    }

    /** Serves this engine with these options. The caller keeps ownership of the engine. */
    public EtlServlet(EtlEngine engine, Options options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Used by the container initializer: the servlet closes the engine it was given when destroyed. */
    EtlServlet(EtlEngine engine, Options options, boolean ownsEngine) {
        this(engine, options);
        this.ownsEngine = ownsEngine;
    }

    @Override
    public void init() throws ServletException {
        if (engine == null) {
            Function<String, String> params = key -> {
                String v = getInitParameter(key);
                return v != null ? v : getServletContext().getInitParameter(key);
            };
            try {
                options = Options.fromParameters(params);
                engine = ServletEngines.fromParameters(params);
            } catch (RuntimeException e) {
                throw new ServletException("sse-etl: could not build the import engine from init-parameters: "
                        + e.getMessage(), e);
            }
            ownsEngine = true;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("sse-etl-heartbeat"));
        // Writes are non-blocking, so two threads serve any number of streams.
        writers = Executors.newFixedThreadPool(2, daemon("sse-etl-writer"));
        long every = Math.max(10, options.heartbeatInterval().toMillis() / 2);
        long idle = options.heartbeatInterval().toNanos();
        heartbeat.scheduleAtFixedRate(() -> {
            for (SseStream s : streams) {
                s.heartbeatIfIdle(idle);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void destroy() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            writers.shutdown();
        }
        for (SseStream s : streams) {
            s.close();
        }
        if (ownsEngine && engine != null) {
            engine.close();
        }
    }

    /** The engine this servlet serves. */
    public EtlEngine engine() {
        return engine;
    }

    /** The number of progress streams open right now (each holds one subscription and one async context). */
    public int openStreams() {
        return streams.size();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] path = segments(req.getPathInfo());
        String method = req.getMethod();
        try {
            if (path.length == 0 || !ROUTES.contains(path[0])) {
                String asked = req.getPathInfo() == null ? "/" : req.getPathInfo();
                throw new ImportException(ErrorCode.NOT_FOUND, "There is no route '" + asked + "'. Routes: upload, "
                        + "buffer-progress/{id}, preview/{id}, commit/{id}, commit-progress/{id}, status/{id}, "
                        + "imports/{id}, errors/{id}, template/{schema}, schemas.");
            }
            String route = path[0];
            boolean noArg = route.equals("upload") || route.equals("schemas");
            if (noArg ? path.length != 1 : path.length != 2) {
                throw new ImportException(ErrorCode.NOT_FOUND, noArg
                        ? "The route '" + route + "' takes no further path."
                        : "The route '" + route + "' needs exactly one id or name after it: " + route + "/{id}.");
            }
            String arg = noArg ? null : path[1];
            String allowed = switch (route) {
                case "upload", "commit" -> "POST";
                case "imports" -> "DELETE";
                default -> "GET";
            };
            if (!allowed.equals(method)) {
                resp.setHeader("Allow", allowed);
                sendError(resp, 405, "METHOD_NOT_ALLOWED",
                        "Use " + allowed + " for '" + route + "' (got " + method + ").");
                return;
            }
            String owner = owner(req);
            switch (route) {
                case "upload" -> upload(req, resp, owner);
                case "buffer-progress" -> stream(req, resp, arg, owner, Phase.BUFFER);
                case "commit-progress" -> stream(req, resp, arg, owner, Phase.COMMIT);
                case "preview" -> preview(req, resp, arg, owner);
                case "commit" -> commit(req, resp, arg, owner);
                case "status" -> sendJson(resp, 200, views.status(engine.status(arg, owner)));
                case "imports" -> {
                    engine.discard(arg, owner);
                    resp.setStatus(204);
                }
                case "errors" -> errorReport(req, resp, arg, owner);
                case "template" -> template(req, resp, arg);
                case "schemas" -> sendJson(resp, 200, views.schemas(engine.schemas()));
                default -> throw new IllegalStateException(route);
            }
        } catch (ImportException e) {
            sendError(resp, e.code().httpStatus(), e.code().name(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("sse-etl: {} {} failed", method, req.getRequestURI(), e);
            sendError(resp, 500, ErrorCode.INTERNAL.name(),
                    "Something went wrong on the server. Try again; if it keeps failing, tell the administrator.");
        }
    }

    /** A byte count for people: whole KB or MB (bytes under 1 KB), rounded up (what they send) or down (what is accepted). */
    static String size(long bytes, boolean roundUp) {
        if (bytes < 1L << 10) {
            return bytes + " bytes";
        }
        long unit = bytes >= (1L << 20) ? 1L << 20 : 1L << 10;
        long whole = roundUp ? (bytes + unit - 1) / unit : bytes / unit;
        return whole + (unit == 1L << 20 ? " MB" : " KB");
    }

    private String owner(HttpServletRequest req) {
        String owner = options.ownerResolver().owner(req);
        return owner == null || owner.isEmpty() ? OwnerResolver.ANONYMOUS : owner;
    }

    // ---- upload ------------------------------------------------------------------------------------------------

    private void upload(HttpServletRequest req, HttpServletResponse resp, String owner) throws IOException {
        long length = req.getContentLengthLong();
        if (length > options.maxUploadBytes()) {
            resp.setHeader("Connection", "close");
            throw new ImportException(ErrorCode.TOO_LARGE, "The upload is " + size(length, true)
                    + "; the largest accepted is " + size(options.maxUploadBytes(), false)
                    + ". Split the file and import the parts one after the other.");
        }
        String boundary = MultipartReader.boundaryOf(req.getContentType());
        if (boundary == null) {
            throw ImportException.badRequest("Send the upload as multipart/form-data with the parts schema_name and file.");
        }
        MultipartReader reader = new MultipartReader(req.getInputStream(), boundary, options.maxParts(),
                options.maxPartHeaderBytes());
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            MultipartReader.Part part;
            String importId = null;
            while ((part = reader.next()) != null) {
                if (importId != null) {
                    engine.discard(importId, owner);
                    throw ImportException.badRequest("Put the file part last in the upload: the part '" + part.name()
                            + "' came after it.");
                }
                if (part.name().equals("file")) {
                    String schema = fields.remove("schema_name");
                    if (schema == null || schema.isBlank()) {
                        throw ImportException.badRequest("The upload needs a schema_name field before the file part.");
                    }
                    importId = engine.upload(schema.trim(), part.body(), part.fileName(), fields, owner);
                } else if (part.isFile()) {
                    throw ImportException.badRequest("Send exactly one file, in the part named 'file' (got a file in '"
                            + part.name() + "').");
                } else {
                    fields.put(part.name(), MultipartReader.readText(part, options.maxFieldBytes()));
                }
            }
            if (importId == null) {
                throw ImportException.badRequest(fields.containsKey("schema_name")
                        ? "The upload has no part named 'file'. Attach the spreadsheet as the part 'file'."
                        : "The upload needs the parts 'schema_name' and 'file'.");
            }
            resp.setHeader("Location", req.getContextPath() + req.getServletPath() + "/status/" + importId);
            sendJson(resp, 202, mapper.createObjectNode().put("importId", importId));
        } catch (ImportException e) {
            if (e.code() == ErrorCode.TOO_LARGE || e.code() == ErrorCode.BAD_REQUEST) {
                resp.setHeader("Connection", "close"); // do not read the rest of a refused body
            }
            if (reader.truncated()) {
                throw ImportException.badRequest("The upload ended before the file was complete. Send it again.");
            }
            throw e;
        } catch (IOException e) {
            resp.setHeader("Connection", "close");
            throw ImportException.badRequest(reader.truncated()
                    ? "The upload ended before the file was complete. Send it again."
                    : "The upload could not be read: " + e.getMessage());
        }
    }

    // ---- progress streams --------------------------------------------------------------------------------------

    private void stream(HttpServletRequest req, HttpServletResponse resp, String importId, String owner, Phase phase)
            throws IOException {
        engine.progress(importId, owner, phase); // 404 at once for an unknown or foreign id
        resp.setStatus(200);
        resp.setContentType("text/event-stream; charset=UTF-8");
        // Each open stream keeps its response buffer (Jetty: 32 KiB of direct memory by default) for as long as it
        // is open; frames are a few hundred bytes, so a small one lets thousands of streams fit in a small heap.
        resp.setBufferSize(SSE_BUFFER_BYTES);
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext context = req.startAsync();
        context.setTimeout(options.sseTimeout().toMillis());
        SseStream stream = new SseStream(context, resp.getOutputStream(), options.retry().toMillis(), writers, frames,
                streams::remove);
        context.addListener(stream);
        streams.add(stream);
        resp.getOutputStream().setWriteListener(stream); // writes the retry line as soon as the socket is ready
        try {
            Subscription subscription = engine.subscribe(importId, owner, phase, stream);
            stream.subscribed(subscription);
        } catch (RuntimeException e) {
            // Discarded between the check and the subscription: end the stream instead of leaving it idle.
            stream.close();
        }
    }

    // ---- preview, commit, reports ------------------------------------------------------------------------------

    private void preview(HttpServletRequest req, HttpServletResponse resp, String importId, String owner)
            throws IOException {
        int page = intParam(req, "page", 1);
        int size = intParam(req, "size", 50);
        if (page < 1) {
            throw ImportException.badRequest("page starts at 1; got " + page + ".");
        }
        if (size < 1 || size > 500) {
            throw ImportException.badRequest("size must be between 1 and 500; got " + size + ".");
        }
        RowFilter filter = RowFilter.parse(req.getParameter("filter"));
        sendJson(resp, 200, views.preview(engine.preview(importId, owner, page, size, filter)));
    }

    private void commit(HttpServletRequest req, HttpServletResponse resp, String importId, String owner)
            throws IOException {
        CommitOptions commitOptions = CommitOptions.defaults();
        String mode = req.getParameter("mode");
        if (mode != null && !mode.isBlank()) {
            try {
                commitOptions = commitOptions.withMode(CommitMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ImportException.badRequest("mode must be valid_rows or all_or_nothing; got '" + mode + "'.");
            }
        }
        int chunk = intParam(req, "chunk_size", commitOptions.chunkSize());
        if (chunk < 1) {
            throw ImportException.badRequest("chunk_size must be greater than 0; got " + chunk + ".");
        }
        engine.commit(importId, owner, new CommitOptions(commitOptions.mode(), chunk));
        sendJson(resp, 202, mapper.createObjectNode().put("importId", importId));
    }

    private void errorReport(HttpServletRequest req, HttpServletResponse resp, String importId, String owner)
            throws IOException {
        ImportStatus status = engine.status(importId, owner);
        FileFormat format = FileFormat.parse(req.getParameter("format"),
                status.job().format() == null ? FileFormat.CSV : status.job().format());
        download(resp, format, importId + "-errors", out -> engine.writeErrorReport(importId, owner, format, out));
    }

    private void template(HttpServletRequest req, HttpServletResponse resp, String schemaName) throws IOException {
        engine.schema(schemaName); // 404 before any header is sent
        FileFormat format = FileFormat.parse(req.getParameter("format"), FileFormat.XLSX);
        download(resp, format, schemaName + "-template", out -> engine.writeTemplate(schemaName, format, out));
    }

    private void download(HttpServletResponse resp, FileFormat format, String baseName, Body body) throws IOException {
        resp.setStatus(200);
        resp.setContentType(format.contentType());
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(baseName) + "."
                + format.extension() + "\"");
        resp.setHeader("Cache-Control", "no-store");
        OutputStream out = resp.getOutputStream();
        body.write(out); // on failure the stream stays open, so an error can still replace an uncommitted body
        out.close();
    }

    @FunctionalInterface
    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Only letters, digits, dot, dash and underscore; anything else becomes an underscore. */
    static String safeFileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > 100 ? safe.substring(0, 100) : safe;
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static String[] segments(String pathInfo) {
        if (pathInfo == null) {
            return new String[0];
        }
        String trimmed = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static int intParam(HttpServletRequest req, String name, int fallback) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ImportException.badRequest(name + " must be a whole number; got '" + v + "'.");
        }
    }

    private void sendJson(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = mapper.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void sendError(HttpServletResponse resp, int status, String code, String message) throws IOException {
        if (resp.isCommitted()) {
            log.debug("sse-etl: cannot report {} after the response started: {}", code, message);
            return;
        }
        resp.resetBuffer();
        resp.setHeader("Content-Disposition", null);
        sendJson(resp, status, views.error(code, message));
    }

    /**
     * How the servlet talks HTTP: who owns a request, upload limits and progress-stream timing. Immutable; start
     * from {@link #defaults()} and change what you need with the {@code with...} methods, each of which validates.
     *
     * @param ownerResolver      who owns a request's imports (default: the principal's name, else {@code anonymous})
     * @param sseTimeout         how long a progress stream may stay open (default 30 min); the client reconnects
     * @param heartbeatInterval  a comment is sent when a stream was idle this long (default 15 s)
     * @param retry              the reconnect delay sent to clients in the {@code retry:} field (default 2 s)
     * @param maxParts           most multipart parts in one upload (default 32)
     * @param maxPartHeaderBytes largest header block of one part (default 8 KiB)
     * @param maxFieldBytes      largest text field (default 64 KiB)
     * @param maxUploadBytes     a request announcing a larger Content-Length is refused with 413 before reading
     *                           (default: the engine's default file limit plus 1 MiB for the other parts); the
     *                           engine's own file limit applies to the file part in any case
     */
    public record Options(OwnerResolver ownerResolver, Duration sseTimeout, Duration heartbeatInterval, Duration retry,
                          int maxParts, int maxPartHeaderBytes, int maxFieldBytes, long maxUploadBytes) {
        public Options {
            Objects.requireNonNull(ownerResolver, "ownerResolver");
            positive("sseTimeout", sseTimeout);
            positive("heartbeatInterval", heartbeatInterval);
            positive("retry", retry);
            if (maxParts < 2) {
                throw new IllegalArgumentException("maxParts must be at least 2 (schema_name and file), got " + maxParts);
            }
            if (maxPartHeaderBytes < 256) {
                throw new IllegalArgumentException("maxPartHeaderBytes must be at least 256, got " + maxPartHeaderBytes);
            }
            if (maxFieldBytes <= 0) {
                throw new IllegalArgumentException("maxFieldBytes must be greater than 0, got " + maxFieldBytes);
            }
            if (maxUploadBytes <= 0) {
                throw new IllegalArgumentException("maxUploadBytes must be greater than 0, got " + maxUploadBytes);
            }
        }

        /** The defaults described on each component. */
        public static Options defaults() {
            return new Options(OwnerResolver.principalOrAnonymous(), Duration.ofMinutes(30), Duration.ofSeconds(15),
                    Duration.ofSeconds(2), 32, 8 * 1024, 64 * 1024, Limits.defaults().maxFileBytes() + (1 << 20));
        }

        /**
         * Defaults overridden by {@code sse-etl.*} parameters where set: {@code sse-timeout-seconds},
         * {@code heartbeat-seconds}, {@code max-parts}, {@code max-upload-bytes}.
         */
        static Options fromParameters(Function<String, String> params) {
            Options o = defaults();
            Long v;
            if ((v = number(params, "sse-etl.sse-timeout-seconds")) != null) {
                o = o.withSseTimeout(Duration.ofSeconds(v));
            }
            if ((v = number(params, "sse-etl.heartbeat-seconds")) != null) {
                o = o.withHeartbeatInterval(Duration.ofSeconds(v));
            }
            if ((v = number(params, "sse-etl.max-parts")) != null) {
                o = o.withMaxParts(Math.toIntExact(v));
            }
            if ((v = number(params, "sse-etl.max-upload-bytes")) != null) {
                o = o.withMaxUploadBytes(v);
            }
            return o;
        }

        private static Long number(Function<String, String> params, String key) {
            String text = params.apply(key);
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
            }
        }

        /** These options with another owner resolver. */
        public Options withOwnerResolver(OwnerResolver v) {
            return new Options(v, sseTimeout, heartbeatInterval, retry, maxParts, maxPartHeaderBytes, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another longest stream life. */
        public Options withSseTimeout(Duration v) {
            return new Options(ownerResolver, v, heartbeatInterval, retry, maxParts, maxPartHeaderBytes, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another heartbeat interval. */
        public Options withHeartbeatInterval(Duration v) {
            return new Options(ownerResolver, sseTimeout, v, retry, maxParts, maxPartHeaderBytes, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another reconnect delay for clients. */
        public Options withRetry(Duration v) {
            return new Options(ownerResolver, sseTimeout, heartbeatInterval, v, maxParts, maxPartHeaderBytes, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another most parts per upload. */
        public Options withMaxParts(int v) {
            return new Options(ownerResolver, sseTimeout, heartbeatInterval, retry, v, maxPartHeaderBytes, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another largest part header. */
        public Options withMaxPartHeaderBytes(int v) {
            return new Options(ownerResolver, sseTimeout, heartbeatInterval, retry, maxParts, v, maxFieldBytes, maxUploadBytes);
        }

        /** These options with another largest text field. */
        public Options withMaxFieldBytes(int v) {
            return new Options(ownerResolver, sseTimeout, heartbeatInterval, retry, maxParts, maxPartHeaderBytes, v, maxUploadBytes);
        }

        /** These options with another largest announced request size. */
        public Options withMaxUploadBytes(long v) {
            return new Options(ownerResolver, sseTimeout, heartbeatInterval, retry, maxParts, maxPartHeaderBytes, maxFieldBytes, v);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
