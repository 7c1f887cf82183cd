package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadLimitsTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("f.csv"), text);
    }

    private Path xlsx(int rows, int columns, String text) throws IOException {
        Path file = dir.resolve("f.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("s");
            for (int r = 0; r < rows; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < columns; c++) {
                    row.createCell(c).setCellValue(text + r + "-" + c);
                }
            }
            wb.write(out);
        }
        return file;
    }

    private static void assertBroken(Path file, Limits limits, ErrorCode code, String message) {
        assertThatThrownBy(() -> Reading.readAll(file, ReadOptions.of(limits)))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ImportException) e).code()).isEqualTo(code);
    }

    @Test
    void maxRowsCountsDataRows() throws IOException {
        Limits limits = Limits.custom().maxRows(2).build();
        Reading.readAll(csv("a\n1\n2\n"), ReadOptions.of(limits));
        assertBroken(csv("a\n1\n2\n3\n"), limits, ErrorCode.INVALID_FILE,
                "The file has more than 2 data rows (limit maxRows = 2).");
        assertBroken(xlsx(4, 1, "v"), limits, ErrorCode.INVALID_FILE,
                "The file has more than 2 data rows (limit maxRows = 2).");
    }

    @Test
    void maxColumns() throws IOException {
        Limits limits = Limits.custom().maxColumns(3).build();
        assertBroken(csv("a,b,c\n1,2,3,4\n"), limits, ErrorCode.INVALID_FILE,
                "Row 2 has 4 columns, more than the limit (maxColumns = 3).");
        assertBroken(xlsx(2, 4, "v"), limits, ErrorCode.INVALID_FILE, "(maxColumns = 3)");
    }

    @Test
    void maxCellLength() throws IOException {
        Limits limits = Limits.custom().maxCellLength(5).build();
        assertBroken(csv("a,b\n1,123456\n"), limits, ErrorCode.INVALID_FILE,
                "Row 2, column 2 has a cell of 6 characters, more than the limit (maxCellLength = 5).");
        assertBroken(xlsx(2, 1, "long"), limits, ErrorCode.INVALID_FILE, "(maxCellLength = 5)");
    }

    @Test
    void defaultCellLengthIsExcelsOwn() throws IOException {
        String tooLong = "x".repeat(32_768);
        assertBroken(csv("a\n" + tooLong + "\n"), Limits.defaults(), ErrorCode.INVALID_FILE, "(maxCellLength = 32767)");
    }

    @Test
    void maxFileBytesIsTooLarge() throws IOException {
        assertBroken(csv("a\n1\n"), Limits.custom().maxFileBytes(3).build(), ErrorCode.TOO_LARGE,
                "The file is 4 bytes, larger than the limit (maxFileBytes = 3).");
    }

    @Test
    void maxZipEntries() throws IOException {
        assertBroken(xlsx(1, 1, "v"), Limits.custom().maxZipEntries(3).build(), ErrorCode.INVALID_FILE,
                "The workbook package has more than 3 parts (limit maxZipEntries = 3).");
    }

    @Test
    void maxZipEntryBytes() throws IOException {
        assertBroken(xlsx(200, 5, "v"), Limits.custom().maxZipEntryBytes(2000).build(), ErrorCode.INVALID_FILE,
                "more than the limit (maxZipEntryBytes = 2000)");
    }

    @Test
    void maxTextBytesOfSharedStrings() throws IOException {
        assertBroken(xlsx(100, 5, "some text "), Limits.custom().maxTextBytes(1000).build(), ErrorCode.INVALID_FILE,
                "The workbook's shared strings hold more than 1000 characters of text (limit maxTextBytes = 1000).");
    }

    @Test
    void runawayQuotedFieldStopsAtTheRecordSizeGuard() throws IOException {
        String rest = ("x".repeat(100) + "\n").repeat(20_000);
        Limits limits = Limits.custom().maxColumns(2).maxCellLength(100).build();
        assertBroken(csv("a,b\n1,\"" + rest), limits, ErrorCode.INVALID_FILE, "a quote (\") opened on that line");
    }
}
