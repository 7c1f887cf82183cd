package dev.sseetl.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a multipart/form-data body the way a browser does, parts in the order added. */
final class Multipart {
    static final String BOUNDARY = "----sseetlTestBoundaryQ2x9";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Multipart upload(String schema, String fileName, byte[] content) {
        return new Multipart().field("schema_name", schema).file("file", fileName, content);
    }

    Multipart field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    Multipart file(String name, String fileName, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream", content);
    }

    Multipart part(String headers, byte[] content) {
        out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    byte[] bytes() {
        ByteArrayOutputStream done = new ByteArrayOutputStream();
        done.writeBytes(out.toByteArray());
        done.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return done.toByteArray();
    }
}
