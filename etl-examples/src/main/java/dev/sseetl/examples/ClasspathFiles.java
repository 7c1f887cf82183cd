package dev.sseetl.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;

/**
 * Serves files from one classpath folder (such as {@code META-INF/resources/etl-ui/} of the etl-ui jar). Only
 * plain paths with a known file extension are served: no {@code ..}, no backslash, no folder listings.
 */
final class ClasspathFiles extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("mjs", "text/javascript; charset=UTF-8"),
            Map.entry("css", "text/css; charset=UTF-8"),
            Map.entry("html", "text/html; charset=UTF-8"),
            Map.entry("json", "application/json; charset=UTF-8"),
            Map.entry("map", "application/json; charset=UTF-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("csv", "text/csv; charset=UTF-8"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("woff2", "font/woff2"));

    private final String root;
    private final String fixedPath;
    private final String cacheControl;

    /**
     * @param root         the classpath folder, ending with {@code /}
     * @param fixedPath    serve this one file (relative to root) for the exact path {@code /}, or null to serve the
     *                     request's path info below the root
     * @param cacheControl the Cache-Control header to send
     */
    ClasspathFiles(String root, String fixedPath, String cacheControl) {
        this.root = root;
        this.fixedPath = fixedPath;
        this.cacheControl = cacheControl;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path;
        if (fixedPath != null) {
            String full = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
            path = full.isEmpty() || full.equals("/") ? fixedPath : null;
        } else {
            path = req.getPathInfo() == null ? null : req.getPathInfo().substring(1);
        }
        String type = path == null ? null : typeOf(path);
        URL url = type == null ? null : getClass().getClassLoader().getResource(root + path);
        if (url == null) {
            resp.setStatus(404);
            resp.setContentType("text/plain; charset=UTF-8");
            resp.getWriter().println(fixedPath != null && path != null
                    ? "Not found: classpath resource " + root + fixedPath + " is missing."
                    : "Not found.");
            return;
        }
        resp.setContentType(type);
        resp.setHeader("Cache-Control", cacheControl);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }

    /** The content type of a safe path, or null when the path is not one this servlet serves. */
    static String typeOf(String path) {
        if (path.isEmpty() || path.contains("\\") || path.contains("\0") || path.startsWith("/")) {
            return null;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
