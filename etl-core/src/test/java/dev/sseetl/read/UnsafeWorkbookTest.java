package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsafeWorkbookTest {
    @TempDir
    Path dir;

    @Test
    void rejectsZipBombBeforeReadingRows() throws IOException {
        Path file = dir.resolve("bomb.xlsx");
        try (ZipOutputStream zip = Reading.streamedXlsx(file)) {
            zip.write(Reading.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>")
                    .replace("</sheetData></worksheet>", "").getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                zip.write(spaces);
            }
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(file)).isLessThan(1 << 20);
        assertThat(RowReaders.detect(file)).isEqualTo(FileFormat.XLSX);
        assertThatThrownBy(() -> RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults())))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("zip bomb")
                .hasMessageContaining("xl/worksheets/sheet1.xml")
                .hasMessageContaining("minInflateRatio = 0.01")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void refusesExternalEntityInSheetAndNeverLeaksTheSecret() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String sheet = "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + "<row r=\"1\"><c t=\"inlineStr\"><is><t>h</t></is></c></row>"
                + "<row r=\"2\"><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>";
        Path file = Reading.minimalXlsx(dir.resolve("xxe.xlsx"), sheet);
        assertThatThrownBy(() -> Reading.readAll(file))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("document type declaration")
                .hasMessageNotContaining("TOP-SECRET")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void refusesEntityExpansionInWorkbookPart() throws IOException {
        String workbook = "<?xml version=\"1.0\"?>\n<!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"
                + Reading.workbook("").replaceFirst("<\\?xml[^>]*>\\s*", "").replace("name=\"Data\"", "name=\"&b;\"");
        Path file = Reading.zip(dir.resolve("laughs.xlsx"), "[Content_Types].xml", Reading.CONTENT_TYPES, "_rels/.rels",
                Reading.ROOT_RELS, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", Reading.WORKBOOK_RELS,
                "xl/worksheets/sheet1.xml", Reading.sheet(""));
        assertThatThrownBy(() -> Reading.readAll(file))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("/xl/workbook.xml contains a document type declaration");
    }
}
