package dev.sseetl.sheet;

import dev.sseetl.CellError;
import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.report.ErrorReportWriter;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.template.TemplateWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every formula trigger character is neutralised in templates and error reports, in CSV and XLSX. */
class FormulaNeutralisationTest {
    private static final String[] TRIGGERS = {"=", "+", "-", "@", "\t", "\r"};

    static String attack(String trigger) {
        return trigger + "HYPERLINK(\"http://evil.example\",\"click\")";
    }

    static Schema schemaLabelled(String label, String example) {
        return Schema.named("s").column(Column.string("a").label(label).example(example))
                .column(Column.string("b").label("B")).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void errorReportCsvNeutralisesEveryTrigger(String trigger) throws IOException {
        String value = attack(trigger);
        List<CSVRecord> records = csv(report(FileFormat.CSV, value));
        assertThat(records.get(1).get(0)).isEqualTo("'" + value);
        assertThat(records.get(1).get(1)).isEqualTo("plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void errorReportXlsxNeutralisesEveryTriggerAndHoldsOnlyStringCells(String trigger) throws IOException {
        String value = attack(trigger);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(report(FileFormat.XLSX, value)))) {
            Sheet sheet = wb.getSheetAt(0);
            assertOnlyStringCells(sheet);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("'" + value);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void templateCsvNeutralisesEveryTriggerInLabelsAndExamples(String trigger) throws IOException {
        String value = attack(trigger);
        List<CSVRecord> records = csv(template(FileFormat.CSV, schemaLabelled(value, value)));
        assertThat(records.get(0).get(0)).isEqualTo("'" + value);
        assertThat(records.get(1).get(0)).isEqualTo("'" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void templateXlsxNeutralisesEveryTriggerAndWritesNoFormula(String trigger) throws IOException {
        String value = attack(trigger);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template(FileFormat.XLSX, schemaLabelled(value, value))))) {
            Sheet sheet = wb.getSheetAt(0);
            assertOnlyStringCells(sheet);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("'" + value);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("'" + value);
        }
    }

    @org.junit.jupiter.api.Test
    void plainSignedNumbersStayImportable() {
        assertThat(SpreadsheetText.neutralise("-12.5")).isEqualTo("-12.5");
        assertThat(SpreadsheetText.neutralise("+7")).isEqualTo("+7");
        assertThat(SpreadsheetText.neutralise("-1+2")).isEqualTo("'-1+2");
        assertThat(SpreadsheetText.neutralise("ok=1")).isEqualTo("ok=1");
        assertThat(SpreadsheetText.neutralise("")).isEmpty();
        assertThat(SpreadsheetText.neutralise(null)).isNull();
        assertThat(TRIGGERS).allSatisfy(t -> assertThat(SpreadsheetText.neutralise(t)).isEqualTo("'" + t));
    }

    private static void assertOnlyStringCells(Sheet sheet) {
        for (Row row : sheet) {
            for (Cell cell : row) {
                assertThat(cell.getCellType()).as("cell %s", cell.getAddress()).isIn(CellType.STRING, CellType.BLANK);
            }
        }
    }

    private static byte[] report(FileFormat format, String value) {
        Schema schema = schemaLabelled("A", null);
        StagedRow row = new StagedRow(2, new ArrayList<>(java.util.Arrays.asList(value, "plain")),
                java.util.Arrays.asList(value, "plain"), List.of(new CellError("a", "max_length", "Too long.")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErrorReportWriter.write(schema, List.of(row).iterator(), format, out);
        return out.toByteArray();
    }

    private static byte[] template(FileFormat format, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TemplateWriter.write(schema, format, out);
        return out.toByteArray();
    }

    private static List<CSVRecord> csv(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1); // drop the BOM
        return CSVFormat.DEFAULT.parse(new StringReader(text)).getRecords();
    }
}
