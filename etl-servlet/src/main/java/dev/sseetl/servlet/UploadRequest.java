package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An upload request's multipart body read as a stream, without a {@code MultipartConfig}: the text fields (with {@code schema_name})
 * come first, then the {@code file} part, whose body is handed to a {@link Receiver} while it is still arriving.
 * Checks the announced size, the part order, and turns a body cut short into a 400 that says so. On a refused body the
 * connection is closed rather than read to its end.
 */
final class UploadRequest {
    /** Takes the file part as it arrives (the engine's upload) and returns the new import's id. */
    @FunctionalInterface
    interface Receiver {
        String receive(String schemaName, InputStream file, String fileName, Map<String, String> fields);
    }

    static final String CUT_SHORT = "The upload ended before the file was complete. Send it again.";

    private UploadRequest() {
    }

    /**
     * The checks made before any of the body is read: the announced size (413) and a multipart content type with a
     * boundary (400). Returns the boundary.
     */
    static String boundary(HttpServletRequest req, HttpServletResponse resp, EtlServletOptions options) {
        long length = req.getContentLengthLong();
        if (length > options.maxUploadBytes()) {
            resp.setHeader("Connection", "close");
            throw tooLarge(length, options);
        }
        String boundary = MultipartReader.boundaryOf(req.getContentType());
        if (boundary == null) {
            throw ImportException.badRequest("Send the upload as multipart/form-data with the parts schema_name and file.");
        }
        return boundary;
    }

    /** The 413 for a request of {@code length} bytes (or at least that many). */
    static ImportException tooLarge(long length, EtlServletOptions options) {
        return new ImportException(ErrorCode.TOO_LARGE, "The upload is " + size(length, true)
                + "; the largest accepted is " + size(options.maxUploadBytes(), false)
                + ". Split the file and import the parts one after the other.");
    }

    /**
     * Reads the multipart {@code body} and hands its file to {@code receiver}; returns the import id.
     * {@code discard} gets the id of a received import when a part follows the file (the request is refused).
     */
    static String read(InputStream body, String boundary, HttpServletResponse resp, EtlServletOptions options,
                       Receiver receiver, Consumer<String> discard) throws IOException {
        MultipartReader reader = new MultipartReader(body, boundary, options.maxParts(), options.maxPartHeaderBytes());
        try {
            return parts(reader, options, receiver, discard);
        } catch (ImportException e) {
            if (e.code() == ErrorCode.TOO_LARGE || e.code() == ErrorCode.BAD_REQUEST) {
                resp.setHeader("Connection", "close"); // do not read the rest of a refused body
            }
            if (reader.truncated()) {
                throw ImportException.badRequest(CUT_SHORT);
            }
            throw e;
        } catch (IOException e) {
            resp.setHeader("Connection", "close");
            throw ImportException.badRequest(reader.truncated() ? CUT_SHORT
                    : "The upload could not be read: " + e.getMessage());
        }
    }

    private static String parts(MultipartReader reader, EtlServletOptions options, Receiver receiver,
                                Consumer<String> discard) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartReader.Part part;
        String importId = null;
        while ((part = reader.next()) != null) {
            if (importId != null) {
                discard.accept(importId);
                throw ImportException.badRequest("Put the file part last in the upload: the part '" + part.name()
                        + "' came after it.");
            }
            if (part.name().equals("file")) {
                String schema = fields.remove("schema_name");
                if (schema == null || schema.isBlank()) {
                    throw ImportException.badRequest("The upload needs a schema_name field before the file part.");
                }
                importId = receiver.receive(schema.trim(), part.body(), part.fileName(), fields);
            } else if (part.isFile()) {
                throw ImportException.badRequest("Send exactly one file, in the part named 'file' (got a file in '"
                        + part.name() + "').");
            } else {
                fields.put(part.name(), MultipartReader.readText(part, options.maxFieldBytes()));
            }
        }
        if (importId == null) {
            throw ImportException.badRequest(fields.containsKey("schema_name")
                    ? "The upload has no part named 'file'. Attach the spreadsheet as the part 'file'."
                    : "The upload needs the parts 'schema_name' and 'file'.");
        }
        return importId;
    }

    /** A byte count for people: whole KB or MB (bytes under 1 KB), rounded up (what they send) or down (what is accepted). */
    static String size(long bytes, boolean roundUp) {
        if (bytes < 1L << 10) {
            return bytes + " bytes";
        }
        long unit = bytes >= (1L << 20) ? 1L << 20 : 1L << 10;
        long whole = roundUp ? (bytes + unit - 1) / unit : bytes / unit;
        return whole + (unit == 1L << 20 ? " MB" : " KB");
    }
}
