package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * A workbook whose sheet inflates ~{@code megabytes} MiB of spaces between row 2 and row 3 while its central
     * directory claims the sheet unpacks to 1,000 bytes, so only guards on the real inflated bytes can catch it.
     */
    private Path lyingBomb(String name, int megabytes) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = Reading.streamedXlsx(file)) {
            zip.write(Reading.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>h</t></is></c></row>"
                    + "<row r=\"2\"><c><v>2</v></c></row>").replace("</sheetData></worksheet>", "")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < megabytes; i++) {
                zip.write(spaces);
            }
            zip.write("<row r=\"3\"><c><v>3</v></c></row></sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        }
        return patchSheetEntry(file, 24, 1000, 4); // the central directory's uncompressed size
    }

    /** Overwrites a field (2 or 4 bytes, little-endian) of the sheet's central directory record. */
    private static Path patchSheetEntry(Path file, int offset, int value, int width) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] sheetName = "xl/worksheets/sheet1.xml".getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + 46 < bytes.length; at++) { // central directory record: PK 1 2
            if (bytes[at] == 'P' && bytes[at + 1] == 'K' && bytes[at + 2] == 1 && bytes[at + 3] == 2
                    && Arrays.equals(bytes, at + 46, at + 46 + sheetName.length, sheetName, 0, sheetName.length)) {
                java.nio.ByteBuffer field = java.nio.ByteBuffer.wrap(bytes, at + offset, width)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                if (width == 2) {
                    field.putShort((short) value);
                } else {
                    field.putInt(value);
                }
            }
        }
        return Files.write(file, bytes);
    }

    @Test
    void aPartCompressedWithAMethodExcelNeverUsesIsRefused() throws IOException {
        // found by fuzzing (ReaderFuzzTestInputs/xlsxFile/crash-29ff61de...): method 93 (zstd) made commons-compress
        // load a codec that is not on the class path, a NoClassDefFoundError
        Path file = Reading.minimalXlsx(dir.resolve("zstd.xlsx"), Reading.sheet("<row r=\"1\"><c><v>1</v></c></row>"));
        patchSheetEntry(file, 10, 93, 2); // the compression method
        // detection (java.util.zip) already refuses the package; a host calling RowReaders.open directly did not
        assertThatThrownBy(() -> RowReaders.detect(file)).isInstanceOf(ImportException.class);
        assertThatThrownBy(() -> Reading.rows(file, FileFormat.XLSX, ReadOptions.of(Limits.defaults())))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessageContaining("xl/worksheets/sheet1.xml").hasMessageContaining("ZIP method 93");
    }

    private static List<String> readRows(Path file, Limits limits) {
        return Reading.readAll(file, ReadOptions.of(limits));
    }

    @Test
    void aBombHiddenFromTheCentralDirectoryIsCaughtWhileInflating() throws IOException {
        Path file = lyingBomb("liar.xlsx", 30);
        assertThatThrownBy(() -> readRows(file, Limits.defaults()))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessageContaining("zip bomb").hasMessageContaining("xl/worksheets/sheet1.xml")
                .hasMessageContaining("minInflateRatio = 0.01");
        assertThatThrownBy(() -> readRows(file, Limits.custom().minInflateRatio(0.00001).maxZipEntryBytes(1 << 20).build()))
                .hasMessageContaining("maxZipEntryBytes = 1048576");
        assertThat(readRows(file, Limits.custom().minInflateRatio(0.00001).build())).containsExactly("header: [h]", "2: [2]", "3: [3]");
    }

    @Test
    void readingWithStrictLimitsLeavesPoisJvmWideSettingsAlone() throws IOException {
        double ratio = ZipSecureFile.getMinInflateRatio();
        long entrySize = ZipSecureFile.getMaxEntrySize();
        long fileCount = ZipSecureFile.getMaxFileCount();
        Path file = lyingBomb("small.xlsx", 1);
        Limits strict = Limits.custom().minInflateRatio(0.5).maxZipEntries(20).maxZipEntryBytes(1 << 22).build();
        assertThatThrownBy(() -> readRows(file, strict)).hasMessageContaining("minInflateRatio = 0.5");
        assertThat(readRows(file, Limits.custom().minInflateRatio(0.00001).maxZipEntries(30).build())).hasSize(3);
        assertThat(ZipSecureFile.getMinInflateRatio()).isEqualTo(ratio);
        assertThat(ZipSecureFile.getMaxEntrySize()).isEqualTo(entrySize);
        assertThat(ZipSecureFile.getMaxFileCount()).isEqualTo(fileCount);
    }

    @Test
    void aStricterReadOpenedMeanwhileDoesNotChangeTheLimitsOfAReadUnderWay() throws IOException {
        Path file = lyingBomb("both.xlsx", 10);
        Limits lenient = Limits.custom().minInflateRatio(0.00001).build();
        try (RowReader open = RowReaders.open(file, FileFormat.XLSX, ReadOptions.of(lenient))) {
            assertThatThrownBy(() -> readRows(file, Limits.defaults())).hasMessageContaining("zip bomb");
            assertThat(open.next().row()).isEqualTo(2);
            assertThat(open.next().row()).isEqualTo(3);
        }
    }

    @Test
    void twoReadsWithDifferentLimitsInParallelEachEnforceTheirOwn() throws Exception {
        Path file = lyingBomb("parallel.xlsx", 10);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> strict = pool.submit(() -> {
                int refused = 0;
                for (int i = 0; i < 4; i++) {
                    try {
                        readRows(file, Limits.defaults());
                    } catch (ImportException e) {
                        assertThat(e.getMessage()).contains("zip bomb");
                        refused++;
                    }
                }
                return refused;
            });
            Future<Integer> lenient = pool.submit(() -> {
                int read = 0;
                for (int i = 0; i < 4; i++) {
                    read += readRows(file, Limits.custom().minInflateRatio(0.00001).build()).size() - 1;
                }
                return read;
            });
            assertThat(strict.get(120, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(lenient.get(120, TimeUnit.SECONDS)).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }
}
