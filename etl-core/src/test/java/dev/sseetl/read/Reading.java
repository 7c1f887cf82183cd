package dev.sseetl.read;

import dev.sseetl.FileFormat;
import dev.sseetl.Limits;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixtures: read whole files, write hand-made workbooks. */
final class Reading {
    private Reading() {
    }

    /** The header followed by every data row, each as "row: cells". */
    static List<String> readAll(Path file, ReadOptions options) {
        try (RowReader reader = RowReaders.open(file, RowReaders.detect(file), options)) {
            List<String> lines = new ArrayList<>();
            lines.add("header: " + reader.header());
            RowReader.SourceRow row;
            while ((row = reader.next()) != null) {
                lines.add(row.row() + ": " + row.cells());
            }
            return lines;
        }
    }

    static List<String> readAll(Path file) {
        return readAll(file, ReadOptions.of(Limits.defaults()));
    }

    static List<RowReader.SourceRow> rows(Path file, FileFormat format, ReadOptions options) {
        try (RowReader reader = RowReaders.open(file, format, options)) {
            List<RowReader.SourceRow> rows = new ArrayList<>();
            RowReader.SourceRow row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
            return rows;
        }
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A zip of the given (name, text) pairs. */
    static Path zip(Path file, String... namesAndTexts) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndTexts[i]));
                zip.write(namesAndTexts[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    static final String CONTENT_TYPES = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
            </Types>""";

    static final String ROOT_RELS = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>""";

    static final String WORKBOOK_RELS = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
            </Relationships>""";

    static String workbook(String workbookPr) {
        return """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                %s<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>""".formatted(workbookPr);
    }

    /** A minimal hand-written workbook: one sheet, no styles, no shared strings. */
    static Path minimalXlsx(Path file, String sheetXml) throws IOException {
        return zip(file, "[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", ROOT_RELS,
                "xl/workbook.xml", workbook(""), "xl/_rels/workbook.xml.rels", WORKBOOK_RELS,
                "xl/worksheets/sheet1.xml", sheetXml);
    }

    /** A minimal workbook whose sheet part is open for the caller to stream into; the caller closes the zip. */
    static ZipOutputStream streamedXlsx(Path file) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file));
        String[] parts = {"[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", ROOT_RELS, "xl/workbook.xml", workbook(""),
                "xl/_rels/workbook.xml.rels", WORKBOOK_RELS};
        for (int i = 0; i < parts.length; i += 2) {
            zip.putNextEntry(new ZipEntry(parts[i]));
            zip.write(parts[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
        return zip;
    }

    static String sheet(String sheetData) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + sheetData + "</sheetData></worksheet>";
    }
}
