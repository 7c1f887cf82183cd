package dev.sseetl.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Text written into spreadsheets (templates, error reports) made safe to open: a value that a spreadsheet program
 * would run as a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return) gets a
 * leading {@code '}. Plain signed numbers such as {@code -12.5} stay as they are: they are data, not formulas, and
 * must import again.
 */
public final class SpreadsheetText {
    private static final Pattern SIGNED_NUMBER = Pattern.compile("[+-]\\d+([.,]\\d+)?");

    private SpreadsheetText() {
    }

    /** The text, prefixed with {@code '} when a spreadsheet would read it as a formula; null stays null. */
    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        boolean trigger = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        if (!trigger || SIGNED_NUMBER.matcher(text).matches()) {
            return text;
        }
        return "'" + text;
    }

    /**
     * A CSV printer over {@code out} writing UTF-8 with a byte order mark (so spreadsheet programs detect the
     * encoding). Close or flush the printer; closing it does not close {@code out}.
     */
    public static CSVPrinter csv(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        return new CSVPrinter(writer, CSVFormat.DEFAULT);
    }

    /** Writes each text (neutralised) as a string cell of {@code row}, from column 0, with {@code style} if not null. */
    public static void stringCells(Row row, List<String> texts, CellStyle style) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Cell cell = row.createCell(i);
            if (text != null) {
                cell.setCellValue(neutralise(text));
            }
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }

    /** A bold header style. */
    public static CellStyle boldStyle(Workbook workbook) {
        Font font = workbook.createFont();
        font.setBold(true);
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        return style;
    }

    /** Lets a writer be closed without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
