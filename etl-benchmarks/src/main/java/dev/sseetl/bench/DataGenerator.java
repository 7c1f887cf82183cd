package dev.sseetl.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the benchmark files: a CSV (RFC 4180, UTF-8, header row) and an XLSX written the way Excel writes one
 * (every text cell in the shared-strings table, numbers and dates as numbers with a date style, booleans as
 * booleans, a dimension element). Files are cached by row count: a second run reuses them.
 */
final class DataGenerator {
    /** Bump when the generated content changes, so cached files are not reused. */
    private static final String VERSION = "v1";
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);

    private DataGenerator() {
    }

    /** The CSV with {@code rows} data rows in {@code dir}, generated unless already there. */
    static Path csv(Path dir, long rows) {
        return cached(dir.resolve("bench-" + VERSION + "-" + rows + ".csv"), out -> writeCsv(out, rows));
    }

    /** The XLSX with {@code rows} data rows in {@code dir}, generated unless already there. */
    static Path xlsx(Path dir, long rows) {
        return cached(dir.resolve("bench-" + VERSION + "-" + rows + ".xlsx"), out -> writeXlsx(out, rows));
    }

    private interface FileWriter {
        void write(Path out) throws IOException;
    }

    private static Path cached(Path file, FileWriter writer) {
        try {
            if (Files.isRegularFile(file)) {
                return file;
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            try {
                writer.write(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write benchmark data " + file, e);
        }
    }

    static void writeCsv(Path out, long rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(String.join(",", BenchData.header()));
            w.write("\r\n");
            StringBuilder line = new StringBuilder(160);
            for (long r = 1; r <= rows; r++) {
                line.setLength(0);
                line.append(r).append(',')
                        .append(BenchData.name(r)).append(',')
                        .append(BenchData.email(r)).append(',')
                        .append(BenchData.age(r)).append(',')
                        .append(BenchData.price(r).toPlainString()).append(',')
                        .append(BenchData.active(r)).append(',')
                        .append(BenchData.ROLES[BenchData.roleIndex(r)]).append(',')
                        .append(BenchData.joined(r)).append(',')
                        .append(BenchData.updatedAt(r)).append(',');
                String note = BenchData.noteAt(BenchData.noteIndex(r));
                if (note.indexOf(',') >= 0) {
                    line.append('"').append(note.replace("\"", "\"\"")).append('"');
                } else {
                    line.append(note);
                }
                line.append("\r\n");
                w.append(line);
            }
        }
    }

    static void writeXlsx(Path out, long rows) throws IOException {
        int roleBase = 0;
        int nameBase = roleBase + BenchData.ROLES.length;
        int noteBase = nameBase + BenchData.nameCount();
        long emailBase = noteBase + BenchData.noteCount();
        long stringCells = rows * 4;
        long uniqueStrings = emailBase + rows;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out));
             Writer w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16)) {
            entry(zip, w, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                    <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                    </Types>""");
            entry(zip, w, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry(zip, w, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry(zip, w, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
                    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                    </Relationships>""");
            // cellXfs: 0 general, 1 date (14), 2 date-time (22), 3 two decimals (2)
            entry(zip, w, "xl/styles.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                    <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
                    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
                    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
                    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                    <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                    <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                    <xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                    <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
                    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                    </styleSheet>""");

            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<dimension ref=\"A1:J" + (rows + 1) + "\"/><sheetData>");
            List<String> header = BenchData.header();
            w.write("<row r=\"1\">");
            for (int c = 0; c < header.size(); c++) {
                w.write("<c r=\"" + (char) ('A' + c) + "1\" t=\"inlineStr\"><is><t>" + header.get(c) + "</t></is></c>");
            }
            w.write("</row>");
            StringBuilder sb = new StringBuilder(512);
            for (long r = 1; r <= rows; r++) {
                long n = r + 1;
                sb.setLength(0);
                sb.append("<row r=\"").append(n).append("\">");
                number(sb, 'A', n, 0, Long.toString(r));
                shared(sb, 'B', n, nameBase + BenchData.nameIndex(r));
                shared(sb, 'C', n, emailBase + r - 1);
                number(sb, 'D', n, 0, Long.toString(BenchData.age(r)));
                number(sb, 'E', n, 3, BenchData.price(r).toPlainString());
                sb.append("<c r=\"F").append(n).append("\" t=\"b\"><v>").append(BenchData.active(r) ? '1' : '0').append("</v></c>");
                shared(sb, 'G', n, roleBase + BenchData.roleIndex(r));
                number(sb, 'H', n, 1, Long.toString(ChronoUnit.DAYS.between(EXCEL_EPOCH, BenchData.joined(r))));
                number(sb, 'I', n, 2, Double.toString(serial(BenchData.updatedAt(r))));
                shared(sb, 'J', n, noteBase + BenchData.noteIndex(r));
                sb.append("</row>");
                w.append(sb);
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();

            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"" + stringCells
                    + "\" uniqueCount=\"" + uniqueStrings + "\">");
            for (String role : BenchData.ROLES) {
                si(w, role);
            }
            for (int i = 0; i < BenchData.nameCount(); i++) {
                si(w, BenchData.nameAt(i));
            }
            for (int i = 0; i < BenchData.noteCount(); i++) {
                si(w, BenchData.noteAt(i));
            }
            for (long r = 1; r <= rows; r++) {
                si(w, BenchData.email(r));
            }
            w.write("</sst>");
            w.flush();
            zip.closeEntry();
        }
    }

    private static double serial(LocalDateTime t) {
        long days = ChronoUnit.DAYS.between(EXCEL_EPOCH, t.toLocalDate());
        return days + t.toLocalTime().toSecondOfDay() / 86_400.0;
    }

    private static void number(StringBuilder sb, char col, long row, int style, String value) {
        sb.append("<c r=\"").append(col).append(row).append('"');
        if (style != 0) {
            sb.append(" s=\"").append(style).append('"');
        }
        sb.append("><v>").append(value).append("</v></c>");
    }

    private static void shared(StringBuilder sb, char col, long row, long index) {
        sb.append("<c r=\"").append(col).append(row).append("\" t=\"s\"><v>").append(index).append("</v></c>");
    }

    /** Texts here never need escaping (no &lt;, &amp; or quotes in the pools). */
    private static void si(Writer w, String text) throws IOException {
        w.write("<si><t>");
        w.write(text);
        w.write("</t></si>");
    }

    private static void entry(ZipOutputStream zip, Writer w, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        w.write(text);
        w.flush();
        zip.closeEntry();
    }
}
