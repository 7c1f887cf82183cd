package dev.sseetl.template;

import dev.sseetl.FileFormat;
import dev.sseetl.sheet.SpreadsheetText;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.ColumnType;
import dev.sseetl.schema.Schema;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the empty import template of a schema: the header row (column labels; required columns in bold with a
 * comment saying so) and one example row that imports without errors. XLSX adds each column's description and
 * rules as a comment on its header, a dropdown for enum and boolean columns, a date format on date columns, sensible
 * column widths and a frozen header; CSV is UTF-8 with a byte order mark so spreadsheet programs open it right.
 * Every text cell is a string, never a formula, and text a spreadsheet would run as one is neutralised.
 */
public final class TemplateWriter {
    /** Rows 2 to this row get the enum dropdowns and date formats. */
    static final int FORMATTED_ROWS = 10_000;
    private static final Pattern EXCEL_SAFE_DATE_PATTERN = Pattern.compile("[yuMdHhms /.:\\-,'T]+");
    /** Excel (1900 date system) has no date cells before this year: earlier examples are written as text. */
    private static final int FIRST_EXCEL_YEAR = 1900;

    private TemplateWriter() {
    }

    /** Writes the template of {@code schema} in {@code format} to {@code out} (not closed). */
    public static void write(Schema schema, FileFormat format, OutputStream out) {
        try {
            if (format == FileFormat.CSV) {
                writeCsv(schema, out);
            } else {
                writeXlsx(schema, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the template of schema '" + schema.name() + "'", e);
        }
    }

    private static void writeCsv(Schema schema, OutputStream out) throws IOException {
        try (CSVPrinter csv = SpreadsheetText.csv(out)) {
            List<String> header = new ArrayList<>();
            List<String> example = new ArrayList<>();
            for (Column c : schema.columns()) {
                header.add(SpreadsheetText.neutralise(c.label()));
                example.add(SpreadsheetText.neutralise(ExampleValues.text(c, ExampleValues.of(c))));
            }
            csv.printRecord(header);
            csv.printRecord(example);
        }
    }

    private static void writeXlsx(Schema schema, OutputStream out) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(schema.name()));
            CellStyle plainHeader = workbook.createCellStyle();
            CellStyle requiredHeader = requiredStyle(workbook);
            CellStyle text = workbook.createCellStyle();
            text.setDataFormat(workbook.createDataFormat().getFormat("@"));
            Row header = sheet.createRow(0);
            Row example = sheet.createRow(1);
            Drawing<?> drawing = sheet.createDrawingPatriarch();
            DataValidationHelper validations = sheet.getDataValidationHelper();
            Sheet lists = null;
            List<Column> columns = schema.columns();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                Cell h = header.createCell(i);
                h.setCellValue(SpreadsheetText.neutralise(c.label()));
                h.setCellStyle(c.required() ? requiredHeader : plainHeader);
                h.setCellComment(comment(workbook, drawing, i, c));

                CellStyle columnStyle = isDate(c) ? dateStyle(workbook, c) : c.type() == ColumnType.INTEGER
                        || c.type() == ColumnType.DECIMAL ? null : text;
                if (columnStyle != null) {
                    sheet.setDefaultColumnStyle(i, columnStyle);
                }
                Object value = ExampleValues.of(c);
                Cell cell = example.createCell(i);
                if (value instanceof LocalDateTime t && t.getYear() >= FIRST_EXCEL_YEAR) {
                    cell.setCellValue(t);
                } else if (value instanceof LocalDate d && d.getYear() >= FIRST_EXCEL_YEAR) {
                    cell.setCellValue(d);
                } else if (value instanceof BigDecimal n) {
                    cell.setCellValue(n.doubleValue());
                } else if (value != null) {
                    cell.setCellValue(SpreadsheetText.neutralise(ExampleValues.text(c, value)));
                }
                if (columnStyle != null) {
                    cell.setCellStyle(columnStyle);
                }

                List<String> choices = c.type() == ColumnType.ENUM ? c.allowedValues()
                        : c.type() == ColumnType.BOOLEAN ? List.of("true", "false") : List.of();
                if (!choices.isEmpty()) {
                    if (needsListSheet(choices) && lists == null) {
                        lists = workbook.createSheet("lists");
                        workbook.setSheetHidden(workbook.getSheetIndex(lists), true);
                    }
                    sheet.addValidationData(dropdown(validations, lists, i, choices));
                }
                int width = Math.max(c.label().length() + 4, ExampleValues.text(c, value) == null ? 0
                        : ExampleValues.text(c, value).length() + 2);
                sheet.setColumnWidth(i, Math.min(60, Math.max(12, width)) * 256);
            }
            sheet.createFreezePane(0, 1);
            workbook.write(out);
        }
    }

    private static CellStyle requiredStyle(Workbook workbook) {
        Font font = workbook.createFont();
        font.setBold(true);
        font.setColor(IndexedColors.DARK_RED.getIndex());
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        return style;
    }

    private static Comment comment(Workbook workbook, Drawing<?> drawing, int column, Column c) {
        ClientAnchor anchor = workbook.getCreationHelper().createClientAnchor();
        anchor.setCol1(column);
        anchor.setCol2(column + 3);
        anchor.setRow1(0);
        anchor.setRow2(5);
        Comment comment = drawing.createCellComment(anchor);
        comment.setString(workbook.getCreationHelper().createRichTextString(Rules.describe(c)));
        comment.setAuthor("sse-etl");
        return comment;
    }

    private static boolean isDate(Column c) {
        return c.type() == ColumnType.DATE || c.type() == ColumnType.DATETIME;
    }

    private static CellStyle dateStyle(Workbook workbook, Column c) {
        String format = c.type() == ColumnType.DATE ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm";
        if (!c.datePatterns().isEmpty() && EXCEL_SAFE_DATE_PATTERN.matcher(c.datePatterns().get(0)).matches()) {
            format = c.datePatterns().get(0).replace('M', 'm').replace('H', 'h').replace('u', 'y')
                    .replace("'T'", " ").replace("'", "");
        }
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    /** An explicit list holds at most 255 characters and no commas; longer lists live on a hidden sheet. */
    private static boolean needsListSheet(List<String> choices) {
        return String.join(",", choices).length() > 250 || choices.stream().anyMatch(v -> v.contains(",") || v.contains("\""));
    }

    private static DataValidation dropdown(DataValidationHelper helper, Sheet lists, int column, List<String> choices) {
        DataValidationConstraint constraint;
        if (needsListSheet(choices)) {
            for (int r = 0; r < choices.size(); r++) {
                Row row = lists.getRow(r) == null ? lists.createRow(r) : lists.getRow(r);
                row.createCell(column).setCellValue(SpreadsheetText.neutralise(choices.get(r)));
            }
            String col = org.apache.poi.ss.util.CellReference.convertNumToColString(column);
            constraint = helper.createFormulaListConstraint("lists!$" + col + "$1:$" + col + "$" + choices.size());
        } else {
            constraint = helper.createExplicitListConstraint(choices.toArray(String[]::new));
        }
        DataValidation v = helper.createValidation(constraint, new CellRangeAddressList(1, FORMATTED_ROWS, column, column));
        v.setSuppressDropDownArrow(true); // XSSF: true shows the arrow
        v.setShowErrorBox(true);
        v.createErrorBox("Not allowed", "Choose one of the listed values.");
        return v;
    }
}
