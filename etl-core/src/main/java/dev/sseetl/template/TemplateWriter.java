package dev.sseetl.template;

import dev.sseetl.FileFormat;
import dev.sseetl.schema.Schema;

import java.io.OutputStream;

/**
 * Writes the empty import template of a schema: the header row (column labels, required ones marked) and one
 * example row that imports without errors. XLSX adds a description comment per column, dropdowns for enum columns
 * and date formats; CSV is UTF-8 with a byte order mark so spreadsheet programs open it right. Text that a
 * spreadsheet would run as a formula is neutralised.
 */
public final class TemplateWriter {
    private TemplateWriter() {
    }

    /** Writes the template of {@code schema} in {@code format} to {@code out} (not closed). */
    public static void write(Schema schema, FileFormat format, OutputStream out) {
        throw new UnsupportedOperationException("not built yet");
    }
}
