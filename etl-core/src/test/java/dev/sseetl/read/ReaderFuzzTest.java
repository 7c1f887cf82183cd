package dev.sseetl.read;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Fuzz targets for the readers: whatever the bytes, a reader either returns rows or refuses the file with an
 * {@link ImportException}; any other exception, an out-of-memory or a hang is a finding. {@code mvn verify} replays
 * the committed inputs under {@code src/test/resources/dev/sseetl/read/ReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/fuzzing.md).
 */
class ReaderFuzzTest {
    /** Small limits, so the fuzzer reaches every limit with small inputs. */
    private static final Limits LIMITS = Limits.custom().maxFileBytes(4L << 20).maxRows(2_000)
            .maxColumns(64).maxCellLength(4_096).maxZipEntries(32).maxZipEntryBytes(16L << 20)
            .maxTextBytes(1L << 20).build();

    private static Path dir;
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        dir = Files.createTempDirectory("sse-etl-fuzz");
        file = dir.resolve("input");
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The bytes as a CSV file (strict UTF-8 unless a byte order mark says otherwise). */
    @FuzzTest(maxDuration = "3m")
    void csvFile(byte[] data) throws IOException {
        Files.write(file, data);
        readAll(FileFormat.CSV);
    }

    /** The bytes as a whole XLSX file (a ZIP package). */
    @FuzzTest(maxDuration = "3m")
    void xlsxFile(byte[] data) throws IOException {
        Files.write(file, data);
        readAll(FileFormat.XLSX);
    }

    /** The bytes as the worksheet part of an otherwise valid workbook, so mutations reach the XML parsing. */
    @FuzzTest(maxDuration = "3m")
    void xlsxSheetPart(byte[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            String[] parts = {"[Content_Types].xml", Reading.CONTENT_TYPES, "_rels/.rels", Reading.ROOT_RELS,
                    "xl/workbook.xml", Reading.workbook(""), "xl/_rels/workbook.xml.rels", Reading.WORKBOOK_RELS};
            for (int i = 0; i < parts.length; i += 2) {
                zip.putNextEntry(new ZipEntry(parts[i]));
                zip.write(parts[i + 1].getBytes(UTF_8));
            }
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(data);
        }
        readAll(FileFormat.XLSX);
    }

    private static void readAll(FileFormat format) {
        try (RowReader reader = RowReaders.open(file, format, ReadOptions.of(LIMITS))) {
            reader.header();
            while (reader.next() != null) {
                reader.estimatedRows();
            }
        } catch (ImportException refused) {
            // the file was refused with a message for the person: the expected way to fail
        }
    }
}
