package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How the servlet answers: JSON bodies (with their no-store and nosniff headers), the JSON error form
 * {@code {"error":{"code":..,"message":..}}}, and file downloads.
 */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(EtlServlet.class);

    /** Writes a download's body. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private final JsonMapper mapper = JsonMapper.builder().build();
    final JsonViews views = new JsonViews(mapper);

    /** {@code {"importId": id}} with this status. */
    void importId(HttpServletResponse resp, int status, String importId) throws IOException {
        json(resp, status, mapper.createObjectNode().put("importId", importId));
    }

    /** The request's JSON object body; BAD_REQUEST when it is not one. */
    JsonNode readObject(jakarta.servlet.http.HttpServletRequest req) throws IOException {
        JsonNode body;
        try {
            body = mapper.readTree(req.getInputStream());
        } catch (tools.jackson.core.JacksonException e) {
            throw dev.sseetl.ImportException.badRequest("The request body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw dev.sseetl.ImportException.badRequest("The request body must be a JSON object.");
        }
        return body;
    }

    void json(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = mapper.writeValueAsBytes(body);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** The JSON error, replacing anything buffered; only logged when the response has already started. */
    void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        if (resp.isCommitted()) {
            log.debug("sse-etl: cannot report {} after the response started: {}", code, message);
            return;
        }
        resp.resetBuffer();
        resp.setHeader("Content-Disposition", null);
        json(resp, status, views.error(code, message));
    }

    /**
     * A failed request's answer: an {@link ImportException} with the status of its code, anything else logged and
     * answered 500 without details. {@code request} names the request in the log.
     */
    void failure(HttpServletResponse resp, RuntimeException e, String request) throws IOException {
        if (e instanceof ImportException ie) {
            error(resp, ie.code().httpStatus(), ie.code().name(), ie.getMessage());
        } else {
            log.error("sse-etl: {} failed", request, e);
            error(resp, 500, ErrorCode.INTERNAL.name(),
                    "Something went wrong on the server. Try again; if it keeps failing, tell the administrator.");
        }
    }

    /** A file as an attachment named {@code baseName.extension}. */
    void download(HttpServletResponse resp, FileFormat format, String baseName, Body body) throws IOException {
        resp.setStatus(200);
        resp.setContentType(format.contentType());
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(baseName) + "."
                + format.extension() + "\"");
        resp.setHeader("Cache-Control", "no-store");
        OutputStream out = resp.getOutputStream();
        body.write(out); // on failure the stream stays open, so an error can still replace an uncommitted body
        out.close();
    }

    /** Only letters, digits, dot, dash and underscore; anything else becomes an underscore. */
    static String safeFileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > 100 ? safe.substring(0, 100) : safe;
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }
}
