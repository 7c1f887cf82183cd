package dev.sseetl.servlet;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of every route, shipped in this jar at {@link #RESOURCE}. Its paths are relative to the
 * servlet's base path, so serving it only replaces {@code servers} with the base path the request came through.
 */
final class OpenApiDocument {
    /** Where the document lies on the class path. */
    static final String RESOURCE = "META-INF/sse-etl/openapi.json";

    private final ObjectNode document;

    OpenApiDocument() {
        JsonMapper mapper = JsonMapper.builder().build();
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sse-etl: " + RESOURCE + " is missing from the class path");
            }
            document = (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("sse-etl: cannot read " + RESOURCE, e);
        }
    }

    /** The document whose one server is {@code basePath} (context path plus servlet path, e.g. {@code /api/etl}). */
    ObjectNode forBasePath(String basePath) {
        ObjectNode copy = document.deepCopy();
        copy.putArray("servers").addObject().put("url", basePath.isEmpty() ? "/" : basePath);
        return copy;
    }
}
