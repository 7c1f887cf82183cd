package dev.sseetl.servlet;

import dev.sseetl.ImportException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Map;

/**
 * One request matched to a route: the exchange, its owner and the path variables of the route's pattern.
 *
 * @param request   the HTTP request
 * @param response  the HTTP response
 * @param owner     who owns the request's imports (never blank)
 * @param variables the values of the pattern's {@code {name}} segments
 */
record Call(HttpServletRequest request, HttpServletResponse response, String owner, Map<String, String> variables) {
    /** The value of the path variable {@code name}. */
    String path(String name) {
        String v = variables.get(name);
        if (v == null) {
            throw new IllegalStateException("the route has no path variable {" + name + "}");
        }
        return v;
    }

    /** The query or form parameter, or null. */
    String param(String name) {
        return request.getParameter(name);
    }

    /** The parameter as a whole number, {@code fallback} when absent or blank; 400 when it is not a number. */
    int intParam(String name, int fallback) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ImportException.badRequest(name + " must be a whole number; got '" + v + "'.");
        }
    }
}
