package dev.sseetl.servlet;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Phase;
import dev.sseetl.RowFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every sse-etl route over HTTP, as one async Jakarta servlet. Map it at {@code <basePath>/*} (default
 * {@code /api/etl/*}) with async support; it routes on the path info by one route table (method, path pattern,
 * handler; listed in the README's HTTP table). An unknown path answers 404, a known one asked with another method 405
 * with {@code Allow}. Failures are JSON {@code {"error":{"code":..,"message":..}}} with the status of the
 * {@link ErrorCode}; {@code GET openapi.json} serves the OpenAPI 3.1 document of every route (shipped in this jar at
 * {@code META-INF/sse-etl/openapi.json}) with its server set to this servlet's base path. The servlet holds no thread
 * per open progress stream and never blocks on a client's socket: an upload's body is read without blocking into a
 * temporary file (at most {@code maxConcurrentUploads} at once, slow ones cut with 408), then parsed as a stream,
 * text fields before the file.
 */
public class EtlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(EtlServlet.class);

    private transient EtlEngine engine;
    private transient EtlServletOptions options;
    private transient boolean ownsEngine;
    private final transient Replies replies = new Replies();
    final transient ProgressFrames frames = new ProgressFrames();
    private transient ProgressStreams streams;
    private transient Uploads uploads;
    private final transient OpenApiDocument openApi = new OpenApiDocument();
    private final transient Routes routes = new Routes()
            .post("upload", this::upload)
            .get("buffer-progress/{importId}", c -> streams.open(engine, c, c.path("importId"), Phase.BUFFER))
            .get("preview/{importId}", this::preview)
            .post("commit/{importId}", this::commit)
            .get("commit-progress/{importId}", c -> streams.open(engine, c, c.path("importId"), Phase.COMMIT))
            .get("status/{importId}", c -> replies.json(c.response(), 200,
                    replies.views.status(engine.status(c.path("importId"), c.owner()))))
            .delete("imports/{importId}", this::discard)
            .patch("rows/{importId}/{row}", this::editRow)
            .delete("rows/{importId}/{row}", c -> replies.json(c.response(), 200, replies.views.summaryOnly(
                    engine.removeRow(c.path("importId"), c.owner(), rowNumber(c)))))
            .post("rows/{importId}/replace", this::replace)
            .get("errors/{importId}", this::errorReport)
            .get("template/{schema}", this::template)
            .get("schemas", c -> replies.json(c.response(), 200, replies.views.schemas(engine.schemas())))
            .get("openapi.json", c -> replies.json(c.response(), 200, openApi.forBasePath(
                    c.request().getContextPath() + c.request().getServletPath())));

    /** For {@code web.xml}: the engine is built from init-parameters in {@link #init()} (see docs/servlet.md). */
    public EtlServlet() {
    }

    /** Serves this engine with the default {@link EtlServletOptions}. The caller keeps ownership of the engine. */
    public EtlServlet(EtlEngine engine) {
        this(engine, EtlServletOptions.defaults());
    }

    /** Serves this engine with these options. The caller keeps ownership of the engine. */
    public EtlServlet(EtlEngine engine, EtlServletOptions options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Used by the container initializer: the servlet closes the engine it was given when destroyed. */
    EtlServlet(EtlEngine engine, EtlServletOptions options, boolean ownsEngine) {
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
                options = EtlServletOptions.fromParameters(params);
                engine = ServletEngines.fromParameters(params);
            } catch (RuntimeException e) {
                throw new ServletException("sse-etl: could not build the import engine from init-parameters: "
                        + e.getMessage(), e);
            }
            ownsEngine = true;
        }
        streams = new ProgressStreams(options, frames);
        Object tempDir = getServletContext().getAttribute(ServletContext.TEMPDIR);
        Path dir = tempDir instanceof File f ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"));
        uploads = new Uploads(options, replies, dir);
    }

    @Override
    public void destroy() {
        if (streams != null) {
            streams.close();
        }
        if (uploads != null) {
            uploads.close();
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
        return streams == null ? 0 : streams.size();
    }

    /** The route table: every method and path pattern this servlet answers. */
    Routes routes() {
        return routes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        try {
            Routes.Match match = routes.find(method, req.getPathInfo());
            if (match.route() == null) {
                String allowed = String.join(", ", match.allowed());
                resp.setHeader("Allow", allowed);
                replies.error(resp, 405, "METHOD_NOT_ALLOWED", "Use " + allowed + " for '"
                        + Routes.segments(req.getPathInfo())[0] + "' (got " + method + ").");
                return;
            }
            match.route().handler().handle(new Call(req, resp, owner(req), match.variables()));
        } catch (RuntimeException e) {
            replies.failure(resp, e, method + " " + req.getRequestURI());
        }
    }

    private String owner(HttpServletRequest req) {
        String owner = options.ownerResolver().owner(req);
        return owner == null || owner.isEmpty() ? OwnerResolver.ANONYMOUS : owner;
    }

    /** The head is checked at once; the body arrives without blocking and is parsed on an upload worker. */
    private void upload(Call c) throws IOException {
        HttpServletRequest req = c.request();
        HttpServletResponse resp = c.response();
        String boundary = UploadRequest.boundary(req, resp, options);
        String location = req.getContextPath() + req.getServletPath() + "/status/";
        uploads.receive(req, resp, body -> {
            String importId = UploadRequest.read(body, boundary, resp, options,
                    (schema, file, fileName, fields) -> engine.upload(schema, file, fileName, fields, c.owner()),
                    id -> engine.discard(id, c.owner()));
            resp.setHeader("Location", location + importId);
            replies.importId(resp, 202, importId);
        });
    }

    /** The number of uploads being received or parsed right now. */
    int openUploads() {
        return uploads == null ? 0 : uploads.size();
    }

    /** The folder of the temporary upload files. */
    Path uploadDirectory() {
        return uploads.directory();
    }

    /** Only parses the numbers: the page bounds are the engine's rule. */
    private void preview(Call c) throws IOException {
        int page = c.intParam("page", 1);
        int size = c.intParam("size", 50);
        RowFilter filter = RowFilter.parse(c.param("filter"));
        replies.json(c.response(), 200, replies.views.preview(engine.preview(c.path("importId"), c.owner(), page,
                size, filter)));
    }

    private void commit(Call c) throws IOException {
        String mode = c.param("mode");
        CommitMode commitMode = mode == null || mode.isBlank() ? CommitOptions.defaults().mode() : CommitMode.parse(mode);
        int chunk = c.intParam("chunk_size", CommitOptions.defaults().chunkSize());
        if (chunk < 1) {
            throw ImportException.badRequest("chunk_size must be greater than 0; got " + chunk + ".");
        }
        engine.commit(c.path("importId"), c.owner(), new CommitOptions(commitMode, chunk));
        replies.importId(c.response(), 202, c.path("importId"));
    }

    /** {@code {"values": {"key": "text"}}}: strings as typed; null means an empty cell. */
    private void editRow(Call c) throws IOException {
        tools.jackson.databind.JsonNode values = replies.readObject(c.request()).get("values");
        if (values == null || !values.isObject()) {
            throw ImportException.badRequest("Send the changed cells as {\"values\": {\"column\": \"text\"}}.");
        }
        java.util.Map<String, String> typed = new java.util.LinkedHashMap<>();
        for (var field : values.properties()) {
            typed.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asString());
        }
        String id = c.path("importId");
        replies.json(c.response(), 200, replies.views.rowEdit(engine.editRow(id, c.owner(), rowNumber(c), typed),
                engine.schema(engine.status(id, c.owner()).job().schema())));
    }

    /** {@code {"column", "find", "replace", "filter"}}: exact text of the cell; filter all|valid|invalid. */
    private void replace(Call c) throws IOException {
        tools.jackson.databind.JsonNode body = replies.readObject(c.request());
        replies.json(c.response(), 200, replies.views.replacement(engine.replace(c.path("importId"), c.owner(),
                text(body, "column"), text(body, "find"), text(body, "replace"), RowFilter.parse(text(body, "filter")))));
    }

    private static String text(tools.jackson.databind.JsonNode body, String field) {
        tools.jackson.databind.JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    /** The row path segment: a source row number; anything else names no row (404). */
    private static long rowNumber(Call c) {
        try {
            return Long.parseLong(c.path("row"));
        } catch (NumberFormatException e) {
            throw new ImportException(dev.sseetl.ErrorCode.NOT_FOUND, "Import " + c.path("importId") + " has no row '"
                    + c.path("row") + "'.");
        }
    }

    private void discard(Call c) {
        engine.discard(c.path("importId"), c.owner());
        c.response().setStatus(204);
    }

    private void errorReport(Call c) throws IOException {
        String id = c.path("importId");
        FileFormat stored = engine.status(id, c.owner()).job().format();
        FileFormat format = FileFormat.parse(c.param("format"), stored == null ? FileFormat.CSV : stored);
        replies.download(c.response(), format, id + "-errors", out -> engine.writeErrorReport(id, c.owner(), format, out));
    }

    private void template(Call c) throws IOException {
        String schema = c.path("schema");
        engine.schema(schema); // 404 before any header is sent
        FileFormat format = FileFormat.parse(c.param("format"), FileFormat.XLSX);
        replies.download(c.response(), format, schema + "-template", out -> engine.writeTemplate(schema, format, out));
    }
}
