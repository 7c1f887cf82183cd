package dev.sseetl.report;

import dev.sseetl.CellError;
import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.sheet.ReportColumns;
import dev.sseetl.sheet.SpreadsheetText;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes invalid rows so a person can fix and re-upload them: the schema's column labels as header (so the report
 * imports again), the raw text of every cell, then the {@link ReportColumns}: "Source row" (the row number in the uploaded
 * file) and "Errors" with every problem of the row. Text a spreadsheet would run as a formula is neutralised; XLSX
 * cells are always text. XLSX is streamed, so a report of a million rows needs little memory.
 */
public final class ErrorReportWriter {
    private ErrorReportWriter() {
    }

    /** Writes {@code invalidRows} of {@code schema} in {@code format} to {@code out} (not closed). */
    public static void write(Schema schema, Iterator<StagedRow> invalidRows, FileFormat format, OutputStream out) {
        try {
            if (format == FileFormat.CSV) {
                writeCsv(schema, invalidRows, out);
            } else {
                writeXlsx(schema, invalidRows, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the error report of schema '" + schema.name() + "'", e);
        }
    }

    private static void writeCsv(Schema schema, Iterator<StagedRow> rows, OutputStream out) throws IOException {
        try (CSVPrinter csv = SpreadsheetText.csv(out)) {
            csv.printRecord(neutralised(header(schema)));
            while (rows.hasNext()) {
                csv.printRecord(neutralised(line(schema, rows.next())));
            }
        }
    }

    private static void writeXlsx(Schema schema, Iterator<StagedRow> rows, OutputStream out) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(schema.name() + " errors"));
            CellStyle bold = SpreadsheetText.boldStyle(workbook);
            CellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            List<String> header = header(schema);
            SpreadsheetText.stringCells(sheet.createRow(0), header, bold);
            for (int i = 0; i < header.size(); i++) {
                int width = i == header.size() - 1 ? 60 : Math.min(40, Math.max(12, header.get(i).length() + 4));
                sheet.setColumnWidth(i, width * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            while (rows.hasNext()) {
                SpreadsheetText.stringCells(sheet.createRow(r++), line(schema, rows.next()), text);
            }
            workbook.write(out);
        } finally {
            workbook.close();
            workbook.dispose();
        }
    }

    private static List<String> header(Schema schema) {
        List<String> header = new ArrayList<>();
        for (Column c : schema.columns()) {
            header.add(c.label());
        }
        header.addAll(ReportColumns.headers());
        return header;
    }

    private static List<String> line(Schema schema, StagedRow row) {
        List<String> cells = new ArrayList<>();
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            cells.add(i < row.raw().size() ? row.raw().get(i) : null);
        }
        cells.add(Long.toString(row.row()));
        cells.add((row.edited() ? "(edited) " : "") + errors(schema, row.errors()));
        return cells;
    }

    /** Every message of the row, each naming its column's label unless it already does. */
    static String errors(Schema schema, List<CellError> errors) {
        List<String> parts = new ArrayList<>();
        for (CellError e : errors) {
            String label = e.column() == null ? null : schema.column(e.column()).map(Column::label).orElse(e.column());
            parts.add(label == null || e.message().contains(label) ? e.message() : label + ": " + e.message());
        }
        return String.join("; ", parts);
    }

    private static List<String> neutralised(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) {
            out.add(SpreadsheetText.neutralise(c));
        }
        return out;
    }
}
