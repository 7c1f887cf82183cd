package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipOutputStream;

import static dev.sseetl.read.Reading.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XlsxReadingTest {
    @TempDir
    Path dir;

    private Path poiWorkbook() throws IOException {
        Path file = dir.resolve("poi.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle grey = wb.createCellStyle();
            grey.setFillPattern(org.apache.poi.ss.usermodel.FillPatternType.SOLID_FOREGROUND);
            Sheet sheet = wb.createSheet("People");
            Row h = sheet.createRow(0);
            String[] names = {"name", "amount", "active", "born", "double", "greeting", "ratio"};
            for (int i = 0; i < names.length; i++) {
                h.createCell(i).setCellValue(names[i]);
            }
            Row r = sheet.createRow(1);
            r.createCell(0).setCellValue("Ada");
            r.createCell(1).setCellValue(0.1 + 0.2);
            r.createCell(2).setCellValue(true);
            r.createCell(3).setCellValue(LocalDateTime.of(1969, 7, 20, 0, 0));
            r.getCell(3).setCellStyle(date);
            r.createCell(4).setCellFormula("B2*2");
            r.createCell(5).setCellFormula("\"Hi \"&A2");
            r.createCell(6).setCellFormula("1/0");
            Row blank = sheet.createRow(2);
            blank.createCell(0).setCellStyle(grey);
            blank.createCell(3).setCellStyle(grey);
            Row r3 = sheet.createRow(3);
            r3.createCell(0).setCellValue("Ada");
            r3.createCell(1).setCellValue(42);
            r3.createCell(3).setCellValue(LocalDateTime.of(2024, 2, 29, 13, 45, 30));
            r3.getCell(3).setCellStyle(date);
            r3.createCell(6).setCellValue(1234567.125);
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.createSheet("Other").createRow(0).createCell(0).setCellValue("other sheet");
            wb.write(out);
        }
        return file;
    }

    @Test
    void readsPoiWorkbookWithSharedStringsNumbersBooleansDatesAndCachedFormulaValues() throws IOException {
        Path file = poiWorkbook();
        assertThat(RowReaders.detect(file)).isEqualTo(FileFormat.XLSX);
        List<RowReader.SourceRow> rows = Reading.rows(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults()));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).row()).isEqualTo(2);
        assertThat(rows.get(0).cells()).containsExactly("Ada", new BigDecimal("0.3"), true,
                LocalDateTime.of(1969, 7, 20, 0, 0), new BigDecimal("0.6"), "Hi Ada", "#DIV/0!");
        assertThat(rows.get(1).row()).isEqualTo(4);
        assertThat(rows.get(1).cells()).containsExactly("Ada", new BigDecimal("42"), null,
                LocalDateTime.of(2024, 2, 29, 13, 45, 30), null, null, new BigDecimal("1234567.125"));
        try (RowReader reader = RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults()))) {
            assertThat(reader.header()).containsExactly("name", "amount", "active", "born", "double", "greeting", "ratio");
            assertThat(reader.estimatedRows()).isEqualTo(3); // from the dimension A1:G4
        }
    }

    @Test
    void readsANamedSheetAndListsTheSheetsWhenTheNameIsUnknown() throws IOException {
        Path file = poiWorkbook();
        try (RowReader reader = RowReaders.open(file, FileFormat.XLSX, new ReadOptions(Limits.defaults(), null, "other"))) {
            assertThat(reader.header()).containsExactly("other sheet");
        }
        assertThatThrownBy(() -> RowReaders.open(file, FileFormat.XLSX, new ReadOptions(Limits.defaults(), null, "Nope")))
                .isInstanceOf(ImportException.class)
                .hasMessage("The workbook has no sheet named 'Nope'. Its sheets are: 'People', 'Other'.")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void readsMinimalHandWrittenWorkbookWithInlineStringsAndNoStylesOrSharedStrings() throws IOException {
        Path file = Reading.minimalXlsx(dir.resolve("hand.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>qty</t></is></c>\
                <c r="C1" t="inlineStr"><is><t>ok</t></is></c><c r="D1" t="inlineStr"><is><t>note</t></is></c></row>
                <row r="2"><c r="A2" t="inlineStr"><is><r><t>Ad</t></r><r><rPr><b/></rPr><t>a</t></r><rPh><t>x</t></rPh></is></c>\
                <c r="C2" t="b"><v>0</v></c><c r="D2" t="str"><f>A2</f><v>Ada</v></c></row>
                <row r="3"/>
                <row><c t="inlineStr"><is><t>line_x000D_break</t></is></c><c><v>1.50</v></c><c t="e"><v>#N/A</v></c></row>
                """));
        assertThat(RowReaders.detect(file)).isEqualTo(FileFormat.XLSX);
        assertThat(readAll(file)).containsExactly("header: [name, qty, ok, note]",
                "2: [Ada, null, false, Ada]", "4: [line\rbreak, 1.5, #N/A]");
    }

    @Test
    void readsSheetWrittenWithANamespacePrefix() throws IOException {
        Path file = Reading.minimalXlsx(dir.resolve("prefixed.xlsx"), """
                <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>                <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>h</x:t></x:is></x:c></x:row>                <x:row r="2"><x:c r="B2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>""");
        assertThat(readAll(file)).containsExactly("header: [h]", "2: [null, 7]");
    }

    @Test
    void decodesPredefinedEntitiesAndCharacterReferences() throws IOException {
        Path file = Reading.minimalXlsx(dir.resolve("entities.xlsx"), Reading.sheet("""
                <row r="1"><c t="inlineStr"><is><t>A &amp; B</t></is></c></row>                <row r="2"><c t="inlineStr"><is><t>&lt;caf&#233;&gt; &quot;x&quot; &apos;y&apos; &#x20AC;</t></is></c></row>"""));
        assertThat(readAll(file)).containsExactly("header: [A & B]", "2: [<café> \"x\" 'y' €]");
    }

    @Test
    void readsDatesInThe1904DateSystem() throws IOException {
        String styles = """
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>\
                <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
                <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>""";
        String sheet = Reading.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>d</t></is></c><c t=\"inlineStr\"><is><t>n</t></is></c></row>"
                + "<row r=\"2\"><c s=\"1\"><v>1</v></c><c s=\"0\"><v>1</v></c><c s=\"2\"><v>1.5</v></c></row>");
        String types = Reading.CONTENT_TYPES.replace("</Types>", "<Override PartName=\"/xl/styles.xml\" ContentType="
                + "\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>");
        String rels = Reading.WORKBOOK_RELS.replace("</Relationships>", "<Relationship Id=\"rId2\" Type="
                + "\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>");
        Path file1904 = Reading.zip(dir.resolve("1904.xlsx"), "[Content_Types].xml", types, "_rels/.rels", Reading.ROOT_RELS,
                "xl/workbook.xml", Reading.workbook("<workbookPr date1904=\"1\"/>"), "xl/_rels/workbook.xml.rels", rels,
                "xl/styles.xml", styles, "xl/worksheets/sheet1.xml", sheet);
        assertThat(readAll(file1904)).containsExactly("header: [d, n]", "2: [1904-01-02T00:00, 1, 1904-01-02T12:00]");
        Path file1900 = Reading.zip(dir.resolve("1900.xlsx"), "[Content_Types].xml", types, "_rels/.rels", Reading.ROOT_RELS,
                "xl/workbook.xml", Reading.workbook(""), "xl/_rels/workbook.xml.rels", rels,
                "xl/styles.xml", styles, "xl/worksheets/sheet1.xml", sheet);
        assertThat(readAll(file1900)).containsExactly("header: [d, n]", "2: [1900-01-01T00:00, 1, 1900-01-01T12:00]");
    }

    @Test
    void millionStyledEmptyRowsCostNextToNothingAndYieldOnlyRealRows() throws IOException {
        Path file = dir.resolve("tail.xlsx");
        try (ZipOutputStream zip = Reading.streamedXlsx(file)) {
            StringBuilder xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    + "<dimension ref=\"A1:C1000003\"/><sheetData>"
                    + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"
                    + "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>2</v></c></row>");
            for (int r = 4; r <= 1_000_003; r++) {
                xml.append("<row r=\"").append(r).append("\" spans=\"1:3\" s=\"1\" customFormat=\"1\"><c r=\"A").append(r)
                        .append("\" s=\"1\"/><c r=\"C").append(r).append("\" s=\"1\"/></row>");
                if (xml.length() > 1 << 16) {
                    zip.write(xml.toString().getBytes(StandardCharsets.UTF_8));
                    xml.setLength(0);
                }
            }
            xml.append("</sheetData></worksheet>");
            zip.write(xml.toString().getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        try (RowReader reader = RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults()))) {
            assertThat(reader.estimatedRows()).isEqualTo(1_000_002);
            assertThat(reader.next().cells()).containsExactly(new BigDecimal("1"));
            assertThat(reader.next().cells()).containsExactly(new BigDecimal("2"));
            assertThat(reader.next()).isNull();
            assertThat(reader.estimatedRows()).isEqualTo(2);
        }
        assertThat(System.nanoTime() - start).as("a generous sanity bound").isLessThan(60_000_000_000L);
    }

    @Test
    void closingMidwayReleasesTheWorkbook() throws IOException {
        Path file = poiWorkbook();
        RowReader reader = RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults()));
        reader.next();
        reader.close();
        Files.delete(file);
        assertThat(file).doesNotExist();
    }

    @Test
    void leavesNoTemporaryFiles(@TempDir Path poiTemp) throws IOException {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(poiTemp.toFile()));
        try {
            Path file = poiWorkbook();
            readAll(file);
            assertThatThrownBy(() -> readAll(Reading.minimalXlsx(dir.resolve("bad.xlsx"), "<worksheet><sheetData><row>")))
                    .isInstanceOf(ImportException.class);
            try (var left = Files.list(poiTemp)) {
                assertThat(left).isEmpty();
            }
        } finally {
            TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
        }
    }

    @Test
    void damagedSheetXmlFailsWithAClearMessage() throws IOException {
        Path file = Reading.minimalXlsx(dir.resolve("bad.xlsx"), "<worksheet><sheetData><row><c><v>1</v></row>");
        assertThatThrownBy(() -> readAll(file)).isInstanceOf(ImportException.class)
                .hasMessage("The workbook is damaged: its part /xl/worksheets/sheet1.xml is not well-formed XML."
                        + " Open the file in Excel and save it again as .xlsx.");
    }

    @Test
    void aControlCharacterInACellFailsNamingSheetAndCell() throws IOException {
        Path shared = Reading.minimalXlsx(dir.resolve("nul.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>\
                <row r="2"><c r="A2" t="inlineStr"><is><t>fine_x0009_tab</t></is></c></row>\
                <row r="3"><c r="A3" t="inlineStr"><is><t>Nul_x0000_Name</t></is></c></row>"""));
        assertThatThrownBy(() -> readAll(shared))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessageContaining("Cell A3 of sheet 'Data'")
                .hasMessageContaining("U+0000");
        Path str = Reading.minimalXlsx(dir.resolve("bel.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>\
                <row r="2"><c r="B2" t="str"><v>ring_x0007_</v></c></row>"""));
        assertThatThrownBy(() -> readAll(str)).hasMessageContaining("Cell B2 of sheet 'Data'").hasMessageContaining("U+0007");
    }

    @Test
    void rowNumbersThatGoBackOrRepeatFailNamingSheetAndRows() throws IOException {
        Path backwards = Reading.minimalXlsx(dir.resolve("back.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>\
                <row r="3"><c r="A3" t="inlineStr"><is><t>three</t></is></c></row>\
                <row r="2"><c r="A2" t="inlineStr"><is><t>two</t></is></c></row>"""));
        assertThatThrownBy(() -> readAll(backwards))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessageContaining("Sheet 'Data' is damaged: its row 2 comes after row 3");
        Path repeated = Reading.minimalXlsx(dir.resolve("again.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>\
                <row r="2"><c r="A2" t="inlineStr"><is><t>two</t></is></c></row>\
                <row r="2"><c r="A2" t="inlineStr"><is><t>two again</t></is></c></row>"""));
        assertThatThrownBy(() -> readAll(repeated)).hasMessageContaining("its row 2 comes after row 2");
        Path emptyRowsBetween = Reading.minimalXlsx(dir.resolve("empty.xlsx"), Reading.sheet("""
                <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="5"/>\
                <row r="4"><c r="A4" t="inlineStr"><is><t>four</t></is></c></row>"""));
        assertThatThrownBy(() -> readAll(emptyRowsBetween)).hasMessageContaining("its row 4 comes after row 5");
    }
}
