package dev.sseetl.report;

import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Schema;

import java.io.OutputStream;
import java.util.Iterator;

/**
 * Writes invalid rows so a person can fix and re-upload them: the schema's column labels as header (so the report
 * imports again), the raw text of every cell, then the source row number and an "Errors" column with every problem
 * of the row. Text that a spreadsheet would run as a formula is neutralised; XLSX cells are always text.
 */
public final class ErrorReportWriter {
    private ErrorReportWriter() {
    }

    /** Writes {@code invalidRows} of {@code schema} in {@code format} to {@code out} (not closed). */
    public static void write(Schema schema, Iterator<StagedRow> invalidRows, FileFormat format, OutputStream out) {
        throw new UnsupportedOperationException("not built yet");
    }
}
