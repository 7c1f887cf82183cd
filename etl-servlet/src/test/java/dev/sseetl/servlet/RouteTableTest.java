package dev.sseetl.servlet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sseetl.servlet.ErrorStatusTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dispatch, 405 with Allow and 404 all follow the servlet's one route table, route by route. */
class RouteTableTest {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("work"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Each pattern with the methods the table declares for it, in declaration order. */
    static Map<String, Set<String>> methodsByPattern() {
        Map<String, Set<String>> byPattern = new LinkedHashMap<>();
        for (Routes.Route r : server.servlet.routes().all()) {
            byPattern.computeIfAbsent(r.pattern(), p -> new LinkedHashSet<>()).add(r.method());
        }
        return byPattern;
    }

    /** A concrete path for a pattern: every {@code {name}} becomes a value. */
    static String concrete(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", "x0");
    }

    /** True when the path fits the pattern segment by segment ({@code {name}} fits any one segment). */
    static boolean matches(String pattern, String path) {
        String[] want = pattern.split("/");
        String[] got = path.split("/");
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (!want[i].startsWith("{") && !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theTableHoldsTheDocumentedRoutes() {
        List<String> routes = new ArrayList<>();
        server.servlet.routes().all().forEach(r -> routes.add(r.method() + " " + r.pattern()));
        assertThat(routes).containsExactly("POST upload", "GET buffer-progress/{importId}", "GET preview/{importId}",
                "POST commit/{importId}", "GET commit-progress/{importId}", "GET status/{importId}",
                "DELETE imports/{importId}", "PATCH rows/{importId}/{row}", "DELETE rows/{importId}/{row}",
                "POST rows/{importId}/replace", "GET errors/{importId}", "GET template/{schema}", "GET schemas",
                "GET openapi.json");
    }

    @Test
    void everyRouteAnswers405WithItsAllowForAnotherMethod() throws Exception {
        for (Map.Entry<String, Set<String>> e : methodsByPattern().entrySet()) {
            // a path such as rows/x0/replace matches rows/{importId}/{row} too: Allow names the methods of both
            Set<String> methods = new LinkedHashSet<>();
            for (Routes.Route r : server.servlet.routes().all()) {
                if (matches(r.pattern(), concrete(e.getKey()))) {
                    methods.add(r.method());
                }
            }
            String allow = String.join(", ", methods);
            for (String method : METHODS) {
                if (methods.contains(method)) {
                    continue;
                }
                HttpResponse<String> r = server.send(method, concrete(e.getKey()), null);
                assertError(r, 405, "METHOD_NOT_ALLOWED");
                assertThat(r.headers().firstValue("Allow")).as(method + " " + e.getKey()).hasValue(allow);
            }
        }
    }

    @Test
    void pathsOutsideTheTableAnswer404ForEveryMethod() throws Exception {
        List<String> unknown = new ArrayList<>(List.of("", "nothing-here", "x0/upload"));
        for (String pattern : methodsByPattern().keySet()) {
            unknown.add(concrete(pattern) + "/more");
            unknown.add("no-" + concrete(pattern));
            if (pattern.contains("/")) {
                unknown.add(pattern.substring(0, pattern.indexOf('/'))); // the variable left out
            }
        }
        for (String path : unknown) {
            for (String method : METHODS) {
                HttpResponse<String> r = server.send(method, path, null);
                assertThat(r.headers().firstValue("Allow")).as(method + " " + path).isEmpty();
                assertError(r, 404, "NOT_FOUND");
            }
        }
    }

    @Test
    void aRouteDeclaredTwiceIsRefused() {
        Routes routes = new Routes().get("schemas", c -> { });
        assertThatThrownBy(() -> routes.get("schemas", c -> { })).hasMessageContaining("GET schemas");
        assertThatThrownBy(() -> routes.get("/schemas", c -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPatternWithTwoMethodsAllowsBoth() {
        Routes routes = new Routes().get("mapping/{id}", c -> { }).add("PUT", "mapping/{id}", c -> { });
        Routes.Match match = routes.find("DELETE", "/mapping/7");
        assertThat(match.route()).isNull();
        assertThat(match.allowed()).containsExactly("GET", "PUT");
        assertThat(routes.find("PUT", "/mapping/7").variables()).containsEntry("id", "7");
    }
}
