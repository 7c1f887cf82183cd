package dev.sseetl.servlet;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The shipped OpenAPI document, read from the class path as a client of the jar would, and the JSON Schemas (draft
 * 2020-12, the dialect of OpenAPI 3.1) of its operations' responses, checked by a real validator. A schema is taken
 * from the operation itself ({@code paths -> method -> responses -> status -> content -> media type}), so a response
 * the document does not declare for that route cannot be validated by accident against some other component.
 */
final class OpenApiSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    final JsonNode document;

    OpenApiSchemas() {
        try (InputStream in = OpenApiSchemas.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OpenApiDocument.RESOURCE + " is not on the class path");
            }
            document = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation of this route table entry ({@code pattern} without a leading slash), or a missing node. */
    JsonNode operation(String method, String pattern) {
        return document.path("paths").path("/" + pattern).path(method.toLowerCase(Locale.ROOT));
    }

    /** The schema of the operation's response with this status and media type; fails when the document has none. */
    Schema response(String method, String pattern, int status, String mediaType) {
        JsonNode content = responseContent(method, pattern, status).path(mediaType);
        if (!content.has("schema")) {
            throw new AssertionError("the document has no " + mediaType + " schema for " + method + " " + pattern
                    + " " + status);
        }
        return compile(content.get("schema"));
    }

    /** The schema of the {@code data:} of the events on an SSE route ({@code x-sse-event-data}). */
    Schema eventData(String pattern) {
        JsonNode content = responseContent("GET", pattern, 200).path("text/event-stream");
        if (!content.has("x-sse-event-data")) {
            throw new AssertionError("GET " + pattern + " declares no text/event-stream event data schema");
        }
        return compile(content.get("x-sse-event-data"));
    }

    /** The JSON schema of a shared response ({@code components/responses}), e.g. the 405 any path may answer. */
    Schema sharedResponse(String name) {
        JsonNode content = document.path("components").path("responses").path(name).path("content").path("application/json");
        if (!content.has("schema")) {
            throw new AssertionError("the document has no shared response " + name);
        }
        return compile(content.get("schema"));
    }

    /** A component schema by name. */
    Schema component(String name) {
        return compile(JSON.createObjectNode().put("$ref", "#/components/schemas/" + name));
    }

    /** What the validator finds wrong with this JSON text (empty when it validates). */
    static List<Error> errors(Schema schema, String json) {
        return schema.validate(JSON.readTree(json));
    }

    private JsonNode responseContent(String method, String pattern, int status) {
        JsonNode response = operation(method, pattern).path("responses").path(Integer.toString(status));
        if (response.has("$ref")) {
            response = document.at(response.get("$ref").asString().substring(1));
        }
        if (response.isMissingNode()) {
            throw new AssertionError("the document has no " + status + " response for " + method + " " + pattern);
        }
        return response.path("content");
    }

    /** The schema as the root of a 2020-12 document that carries the OpenAPI components, so its $refs resolve. */
    private Schema compile(JsonNode schema) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        root.putArray("allOf").add(schema);
        return REGISTRY.getSchema(root);
    }
}
