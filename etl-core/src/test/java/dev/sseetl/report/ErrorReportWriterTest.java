package dev.sseetl.report;

import dev.sseetl.CellError;
import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Error reports hold exactly the invalid rows, their raw text, source row and errors. */
class ErrorReportWriterTest {
    static final Schema USERS = Schema.named("user_schema")
            .column(Column.string("name").label("Name").required())
            .column(Column.email("email").label("E-mail").required())
            .column(Column.integer("age").label("Age"))
            .build();

    static final List<StagedRow> INVALID = List.of(
            new StagedRow(3, Arrays.asList(null, "a@x.org", null), Arrays.asList(null, "a@x.org", "old"),
                    List.of(new CellError("name", "required", "A value is required."),
                            new CellError("age", "type", "'old' is not a whole number."))),
            new StagedRow(7, Arrays.asList("Bob", null, 5L), Arrays.asList("Bob", "bob(at)x", "5"),
                    List.of(new CellError("email", "type", "E-mail: 'bob(at)x' is not an e-mail address."))),
            new StagedRow(9, Arrays.asList("Cy", "c@x.org", 1L), Arrays.asList("Cy", "c@x.org", "1"),
                    List.of(new CellError(null, "unique", "This row repeats row 4."))));

    static byte[] report(FileFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErrorReportWriter.write(USERS, INVALID.iterator(), format, out);
        return out.toByteArray();
    }

    @Test
    void csvHoldsEachInvalidRowsRawTextSourceRowAndEveryError() throws IOException {
        byte[] bytes = report(FileFormat.CSV);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(
                new String(bytes, StandardCharsets.UTF_8).substring(1))).getRecords();
        assertThat(records).hasSize(4);
        assertThat(records.get(0).toList()).containsExactly("Name", "E-mail", "Age", "Source row", "Errors");
        assertThat(records.get(1).toList()).containsExactly("", "a@x.org", "old", "3",
                "Name: A value is required.; Age: 'old' is not a whole number.");
        assertThat(records.get(2).toList()).containsExactly("Bob", "bob(at)x", "5", "7",
                "E-mail: 'bob(at)x' is not an e-mail address.");
        assertThat(records.get(3).toList()).containsExactly("Cy", "c@x.org", "1", "9", "This row repeats row 4.");
    }

    @Test
    void xlsxHoldsTheSameRowsAsText() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(report(FileFormat.XLSX)))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
            Row header = sheet.getRow(0);
            assertThat(header.getCell(3).getStringCellValue()).isEqualTo("Source row");
            assertThat(header.getCell(4).getStringCellValue()).isEqualTo("Errors");
            Row second = sheet.getRow(2);
            assertThat(second.getCell(0).getStringCellValue()).isEqualTo("Bob");
            assertThat(second.getCell(2).getStringCellValue()).isEqualTo("5");
            assertThat(second.getCell(3).getStringCellValue()).isEqualTo("7");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEmpty();
        }
    }

    @Test
    void noInvalidRowsGiveAHeaderOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErrorReportWriter.write(USERS, List.<StagedRow>of().iterator(), FileFormat.CSV, out);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\uFEFFName,E-mail,Age,Source row,Errors\r\n");
    }
}
