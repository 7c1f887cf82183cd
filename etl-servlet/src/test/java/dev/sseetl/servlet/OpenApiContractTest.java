package dev.sseetl.servlet;

import com.networknt.schema.Schema;
import dev.sseetl.EtlEngine;
import dev.sseetl.ErrorCode;
import dev.sseetl.ImportState;
import dev.sseetl.ProgressStatus;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.ColumnType;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.sseetl.servlet.HttpFlowTest.CSV;
import static dev.sseetl.servlet.HttpFlowTest.JSON;
import static dev.sseetl.servlet.HttpFlowTest.streamToEnd;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document cannot drift from the servlet: every route of the table is in it, its enums cover the
 * engine's, and real responses of a running servlet (real Jetty) validate against the schemas it declares for them.
 */
class OpenApiContractTest {
    private static final OpenApiSchemas API = new OpenApiSchemas();

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("work"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void everyRouteOfTheTableIsInTheDocument() {
        List<String> missing = new ArrayList<>();
        for (Routes.Route route : server.servlet.routes().all()) {
            if (API.operation(route.method(), route.pattern()).isMissingNode()) {
                missing.add(route.method() + " " + route.pattern());
            }
        }
        assertThat(missing).as("routes missing from openapi.json").isEmpty();
    }

    @Test
    void theDocumentsEnumsCoverTheEngines() {
        JsonNode schemas = API.document.at("/components/schemas");
        Set<String> codes = texts(schemas.at("/Error/properties/error/properties/code/enum"));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(codes).contains(code.name());
        }
        assertThat(codes).contains("METHOD_NOT_ALLOWED");
        Set<String> states = texts(schemas.at("/ImportState/enum"));
        Arrays.stream(ImportState.values()).forEach(s -> assertThat(states).contains(s.name()));
        Set<String> statuses = texts(schemas.at("/ProgressEvent/properties/status/enum"));
        Arrays.stream(ProgressStatus.values()).forEach(s -> assertThat(statuses).contains(s.label()));
        assertThat(texts(schemas.at("/ColumnType/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ColumnType.values()).map(ColumnType::wireName).toList());
    }

    /** Each error response names the code whose HTTP status it is listed under, so statuses and codes agree. */
    @Test
    void everyErrorResponseIsListedUnderItsCodesStatus() {
        JsonNode responses = API.document.at("/components/responses");
        int checked = 0;
        for (var path : API.document.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                for (var response : op.getValue().get("responses").properties()) {
                    JsonNode ref = response.getValue().get("$ref");
                    if (ref == null) {
                        continue;
                    }
                    JsonNode component = responses.get(ref.asString().substring("#/components/responses/".length()));
                    String code = component.at("/content/application~1json/schema/allOf/1/properties/error/properties/code/const")
                            .asString();
                    int status = code.equals("METHOD_NOT_ALLOWED") ? 405 : ErrorCode.valueOf(code).httpStatus();
                    assertThat(response.getKey()).as(op.getKey() + " " + path.getKey() + " " + code)
                            .isEqualTo(Integer.toString(status));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(API.document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(API.document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void realResponsesOfAWholeImportValidate() throws Exception {
        HttpResponse<String> uploaded = server.upload(Multipart.upload("people", "people.csv",
                CSV.getBytes(StandardCharsets.UTF_8)), null);
        assertValid("POST", "upload", uploaded, 202);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();

        Schema event = API.eventData("buffer-progress/{importId}");
        List<SseParser.Item> buffering = streamToEnd(server, "buffer-progress/" + id);
        for (SseParser.Item item : buffering) {
            assertThat(OpenApiSchemas.errors(event, item.data())).as(item.data()).isEmpty();
        }
        assertValid("GET", "status/{importId}", server.get("status/" + id), 200);
        assertValid("GET", "preview/{importId}", server.get("preview/" + id), 200);
        HttpResponse<String> invalid = server.get("preview/" + id + "?filter=invalid");
        assertValid("GET", "preview/{importId}", invalid, 200);
        assertThat(JSON.readTree(invalid.body()).get("rows").get(0).get("errors")).isNotEmpty();

        assertValid("POST", "commit/{importId}", server.send("POST", "commit/" + id, null), 202);
        List<SseParser.Item> committing = streamToEnd(server, "commit-progress/" + id);
        Schema commitEvent = API.eventData("commit-progress/{importId}");
        for (SseParser.Item item : committing) {
            assertThat(OpenApiSchemas.errors(commitEvent, item.data())).as(item.data()).isEmpty();
        }
        assertThat(JSON.readTree(committing.get(committing.size() - 1).data()).has("result")).isTrue();
        assertValid("GET", "status/{importId}", server.get("status/" + id), 200);

        assertValid("GET", "schemas", server.get("schemas"), 200);
        assertValid("GET", "preview/{importId}", server.get("preview/" + id + "?filter=some"), 400);
        assertValid("GET", "status/{importId}", server.get("status/no-such-import"), 404);
        assertValid("POST", "commit/{importId}", server.send("POST", "commit/" + id, null), 409);
        HttpResponse<String> notAllowed = server.send("DELETE", "schemas", null);
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(OpenApiSchemas.errors(API.sharedResponse("MethodNotAllowed"), notAllowed.body())).isEmpty();
        HttpResponse<String> noRoute = server.get("no-such-route");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(OpenApiSchemas.errors(API.sharedResponse("NotFound"), noRoute.body())).isEmpty();
    }

    @Test
    void aFileMissingARequiredColumnFailsTheStreamWithAValidEvent() throws Exception {
        HttpResponse<String> uploaded = server.upload(Multipart.upload("people", "bad.csv",
                "Nickname\nada\n".getBytes(StandardCharsets.UTF_8)), null);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();
        List<SseParser.Item> events = streamToEnd(server, "buffer-progress/" + id);
        JsonNode last = JSON.readTree(events.get(events.size() - 1).data());
        assertThat(last.get("status").asString()).isEqualTo("Failed");
        assertThat(OpenApiSchemas.errors(API.eventData("buffer-progress/{importId}"), last.toString())).isEmpty();
        assertValid("GET", "status/{importId}", server.get("status/" + id), 200);
        assertValid("GET", "preview/{importId}", server.get("preview/" + id), 409);
    }

    /** The validator really checks: a progress event without importId, or an error with a made-up code, fails. */
    @Test
    void wrongPayloadsAreRefused() throws Exception {
        HttpResponse<String> uploaded = server.upload(Multipart.upload("people", "people.csv",
                CSV.getBytes(StandardCharsets.UTF_8)), null);
        String id = JSON.readTree(uploaded.body()).get("importId").asString();
        List<SseParser.Item> events = streamToEnd(server, "buffer-progress/" + id);
        var data = (tools.jackson.databind.node.ObjectNode) JSON.readTree(events.get(events.size() - 1).data());
        Schema event = API.eventData("buffer-progress/{importId}");
        assertThat(OpenApiSchemas.errors(event, data.toString())).isEmpty();
        data.remove("importId");
        assertThat(OpenApiSchemas.errors(event, data.toString())).isNotEmpty()
                .anySatisfy(e -> assertThat(e.toString()).contains("importId"));

        Schema accepted = API.response("POST", "upload", 202, "application/json");
        assertThat(OpenApiSchemas.errors(accepted, "{}")).isNotEmpty();
        Schema notFound = API.response("GET", "status/{importId}", 404, "application/json");
        assertThat(OpenApiSchemas.errors(notFound, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"x\"}}")).isEmpty();
        assertThat(OpenApiSchemas.errors(notFound, "{\"error\":{\"code\":\"CONFLICT\",\"message\":\"x\"}}")).isNotEmpty();
        assertThat(OpenApiSchemas.errors(API.component("Status"), server.get("status/" + id).body()
                .replace("\"state\":\"BUFFERED\"", "\"state\":\"SLEEPING\""))).isNotEmpty();
    }

    /** The served document validates as a response of its own route and names the base path it came through. */
    @Test
    void theServedDocumentNamesItsBasePath() throws Exception {
        HttpResponse<String> served = server.get("openapi.json");
        assertValid("GET", "openapi.json", served, 200);
        JsonNode doc = JSON.readTree(served.body());
        assertThat(doc.at("/servers/0/url").asString()).isEqualTo("/api/etl");
        assertThat(doc.get("paths")).isEqualTo(API.document.get("paths"));

        try (EtlEngine engine = EtlEngine.builder()
                .schema(dev.sseetl.schema.Schema.named("notes").column(Column.string("text")).build())
                .workDirectory(dir.resolve("other")).build()) {
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/shop");
            ServletHolder holder = new ServletHolder(new EtlServlet(engine));
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/imports/*");
            jetty.setHandler(context);
            jetty.start();
            try {
                HttpResponse<String> other = server.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + connector.getLocalPort() + "/shop/imports/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(other.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(other.body()).at("/servers/0/url").asString()).isEqualTo("/shop/imports");
            } finally {
                jetty.stop();
            }
        }
    }

    private static void assertValid(String method, String pattern, HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(method + " " + pattern + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        Schema schema = API.response(method, pattern, status, "application/json");
        assertThat(OpenApiSchemas.errors(schema, response.body())).as(method + " " + pattern + " " + status + ": "
                + response.body()).isEmpty();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.values().forEach(v -> texts.add(v.isNull() ? null : v.asString()));
        return texts;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asString());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.values().forEach(v -> collectRefs(v, refs));
        }
    }
}
