package dev.sseetl.sheet;

import java.util.List;

/**
 * The columns an error report adds after the schema's own: written by {@link dev.sseetl.report.ErrorReportWriter}
 * and skipped (never "unknown", even in a strict schema) when that report is uploaded again, so a corrected report
 * imports as it is.
 */
public final class ReportColumns {
    /** Header of the added column holding the row's row number in the uploaded file. */
    public static final String SOURCE_ROW = "Source row";
    /** Header of the added column holding every problem of the row. */
    public static final String ERRORS = "Errors";

    private ReportColumns() {
    }

    /** Both headers, in the order a report writes them. */
    public static List<String> headers() {
        return List.of(SOURCE_ROW, ERRORS);
    }
}
