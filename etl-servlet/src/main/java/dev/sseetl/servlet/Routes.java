package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The servlet's route table: each route declared once, as an HTTP method, a path pattern of literal segments and
 * {@code {name}} variables (one whole segment each), and its handler. Dispatch, 404 for a path no route matches and
 * 405 with {@code Allow} for a known path asked with another method all come from this table.
 */
final class Routes {
    /** Handles one matched request. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws IOException;
    }

    /** One route: method, path pattern (relative to the servlet's mapping, no leading slash) and handler. */
    record Route(String method, String pattern, Handler handler) {
        Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(handler, "handler");
            if (pattern.isEmpty() || pattern.startsWith("/") || pattern.endsWith("/")) {
                throw new IllegalArgumentException("a route pattern has no leading or trailing slash: " + pattern);
            }
        }

        private String[] segments() {
            return pattern.split("/", -1);
        }

        /** The path variables when {@code path} matches this pattern, else null. */
        Map<String, String> match(String[] path) {
            String[] pattern = segments();
            if (pattern.length != path.length) {
                return null;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                if (pattern[i].startsWith("{") && pattern[i].endsWith("}")) {
                    vars.put(pattern[i].substring(1, pattern[i].length() - 1), path[i]);
                } else if (!pattern[i].equals(path[i])) {
                    return null;
                }
            }
            return vars;
        }
    }

    /** What the table says about a request: the route and its variables, or why none applies. */
    record Match(Route route, Map<String, String> variables, Set<String> allowed) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route; a second route with the same method and pattern is refused. */
    Routes add(String method, String pattern, Handler handler) {
        for (Route r : routes) {
            if (r.method().equals(method) && r.pattern().equals(pattern)) {
                throw new IllegalArgumentException("route declared twice: " + method + " " + pattern);
            }
        }
        routes.add(new Route(method, pattern, handler));
        return this;
    }

    Routes get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    Routes post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    Routes patch(String pattern, Handler handler) {
        return add("PATCH", pattern, handler);
    }

    Routes delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler);
    }

    /** Every route, in declaration order. */
    List<Route> all() {
        return List.copyOf(routes);
    }

    /**
     * The route for {@code method} and {@code pathInfo}. Throws NOT_FOUND when no pattern matches the path; when
     * some match with other methods, the match has no route and {@link Match#allowed()} lists those methods.
     */
    Match find(String method, String pathInfo) {
        String[] path = segments(pathInfo);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> vars = r.match(path);
            if (vars != null) {
                if (r.method().equals(method)) {
                    return new Match(r, vars, Set.of());
                }
                allowed.add(r.method());
            }
        }
        if (allowed.isEmpty()) {
            String asked = pathInfo == null ? "/" : pathInfo;
            throw new ImportException(ErrorCode.NOT_FOUND, "There is no route '" + asked + "'. Routes: "
                    + routes.stream().map(Route::pattern).distinct().collect(Collectors.joining(", ")) + ".");
        }
        return new Match(null, Map.of(), allowed);
    }

    /** The path info without its leading slash and one trailing slash, split at every slash. */
    static String[] segments(String pathInfo) {
        if (pathInfo == null) {
            return new String[0];
        }
        String trimmed = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
