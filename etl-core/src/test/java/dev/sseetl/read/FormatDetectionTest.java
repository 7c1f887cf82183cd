package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormatDetectionTest {
    @TempDir
    Path dir;

    private void assertUnsupported(Path file, String kind) {
        assertThatThrownBy(() -> RowReaders.detect(file))
                .isInstanceOf(ImportException.class)
                .hasMessageStartingWith("The file is neither a CSV text file nor an XLSX workbook")
                .hasMessageContaining(kind)
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_FILE);
    }

    @Test
    void workbookIsXlsxWhateverItsName() throws IOException {
        Path file = dir.resolve("looks-like.csv");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("a").createRow(0).createCell(0).setCellValue("x");
            wb.write(out);
        }
        assertThat(RowReaders.detect(file)).isEqualTo(FileFormat.XLSX);
    }

    @Test
    void textIsCsvWhateverItsName() throws IOException {
        Path file = Files.writeString(dir.resolve("data.xlsx"), "name;city\nRené;Besançon\n", StandardCharsets.ISO_8859_1);
        assertThat(RowReaders.detect(file)).isEqualTo(FileFormat.CSV);
        assertThat(RowReaders.detect(Files.write(dir.resolve("empty"), new byte[0]))).isEqualTo(FileFormat.CSV);
    }

    @Test
    void textOpenedAsXlsxIsAnInvalidFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a.xlsx"), "a,b\n1,2\n");
        assertThatThrownBy(() -> RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(dev.sseetl.Limits.defaults())))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("not a readable XLSX workbook")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void rejectsPdf() throws IOException {
        byte[] pdf = "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.ISO_8859_1);
        assertUnsupported(Files.write(dir.resolve("x.csv"), pdf), "PDF");
    }

    @Test
    void rejectsPng() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertUnsupported(Files.write(dir.resolve("x.xlsx"), png), "PNG");
    }

    @Test
    void rejectsZipWithoutWorkbook() throws IOException {
        assertUnsupported(Reading.zip(dir.resolve("x.xlsx"), "readme.txt", "hello", "data/a.csv", "a,b\n"),
                "ZIP archive that holds no Excel workbook");
    }

    @Test
    void rejectsOldBinaryXls() throws IOException {
        byte[] ole = new byte[512];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, ole, 0, magic.length);
        assertUnsupported(Files.write(dir.resolve("x.xls"), ole), "Excel 97-2003");
    }

    @Test
    void rejectsRandomBinary() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        bytes[10] = 0;
        assertUnsupported(Files.write(dir.resolve("x.csv"), bytes), "binary data");
    }
}
