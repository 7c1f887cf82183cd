package dev.sseetl.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@link Schema}s from JSON files (format in docs/schema.md). A file that breaks the format fails with an
 * {@link IllegalArgumentException} whose message names the file, the column and the key at fault; a file that
 * cannot be read fails with an {@link java.io.UncheckedIOException}.
 */
public final class SchemaLoader {

    private SchemaLoader() {
    }

    /** The schema in this JSON text; fails with IllegalArgumentException naming the column and key at fault. */
    public static Schema fromJson(String json) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The schema in this JSON file; errors name the file, the column and the key. */
    public static Schema fromFile(Path file) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every schema in the {@code *.json} files of this directory, in file name order; names must be distinct. */
    public static List<Schema> fromDirectory(Path dir) {
        throw new UnsupportedOperationException("not yet");
    }
}
