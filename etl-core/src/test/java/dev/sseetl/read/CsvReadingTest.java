package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.sseetl.read.Reading.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvReadingTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("f.csv"), text, StandardCharsets.UTF_8);
    }

    @Test
    void readsCommaSeparatedRowsWithSpreadsheetRowNumbers() throws IOException {
        assertThat(readAll(csv("name,email\nAda,ada@x.org\nBob,bob@x.org\n"))).containsExactly(
                "header: [name, email]", "2: [Ada, ada@x.org]", "3: [Bob, bob@x.org]");
    }

    @Test
    void stripsUtf8ByteOrderMark() throws IOException {
        Path file = Reading.write(dir, "bom.csv", "\uFEFFname;city\nZoë;Köln\n".getBytes(StandardCharsets.UTF_8));
        assertThat(readAll(file)).containsExactly("header: [name, city]", "2: [Zoë, Köln]");
    }

    @Test
    void detectsSemicolonTabAndPipeDelimiters() throws IOException {
        assertThat(readAll(csv("a;b;c\n1;2,5;3\n"))).containsExactly("header: [a, b, c]", "2: [1, 2,5, 3]");
        assertThat(readAll(csv("a\tb\n1\t2\n"))).containsExactly("header: [a, b]", "2: [1, 2]");
        assertThat(readAll(csv("a|b\n1|2\n"))).containsExactly("header: [a, b]", "2: [1, 2]");
    }

    @Test
    void delimiterDetectionIgnoresDelimitersInsideQuotes() throws IOException {
        assertThat(readAll(csv("\"a;b;c\",d\n1,2\n"))).containsExactly("header: [a;b;c, d]", "2: [1, 2]");
    }

    @Test
    void acceptsCrOnlyAndCrlfLineEnds() throws IOException {
        assertThat(readAll(csv("a,b\r1,2\r3,4\r"))).containsExactly("header: [a, b]", "2: [1, 2]", "3: [3, 4]");
        assertThat(readAll(csv("a,b\r\n1,2\r\n3,4"))).containsExactly("header: [a, b]", "2: [1, 2]", "3: [3, 4]");
    }

    @Test
    void readsQuotedFieldsWithDelimitersDoubledQuotesAndNewlinesCountingRecordsNotLines() throws IOException {
        assertThat(readAll(csv("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",z\nlast,row\n"))).containsExactly(
                "header: [a, b]", "2: [x, y, say \"hi\"]", "3: [line1\nline2, z]", "4: [last, row]");
    }

    @Test
    void skipsBlankRowsButKeepsTheirNumbers() throws IOException {
        assertThat(readAll(csv("a,b\n1,2\n\n,\n3,4\n"))).containsExactly(
                "header: [a, b]", "2: [1, 2]", "5: [3, 4]");
    }

    @Test
    void emptyCellsAreNull() throws IOException {
        assertThat(readAll(csv("a,b,c\n1,,3\n"))).containsExactly("header: [a, b, c]", "2: [1, null, 3]");
    }

    @Test
    void keepsDuplicateHeadersAsTheyAre() throws IOException {
        assertThat(readAll(csv("name,Name,name\n1,2,3\n"))).containsExactly(
                "header: [name, Name, name]", "2: [1, 2, 3]");
    }

    @Test
    void emptyFileHasEmptyHeaderAndNoRows() throws IOException {
        assertThat(readAll(csv(""))).containsExactly("header: []");
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheFieldStarts() throws IOException {
        Path file = csv("a,b\n1,2\n3,\"open\nmore\nstill\n");
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("starting on line 3")
                .hasMessageContaining("never closed")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void textAfterClosingQuoteNamesTheLine() throws IOException {
        Path file = csv("a,b\n1,2\n\"x\"y,2\n");
        assertThatThrownBy(() -> readAll(file)).isInstanceOf(ImportException.class)
                .hasMessageContaining("Line 3");
    }

    @Test
    void invalidUtf8NamesTheLineAndNeverReplacesSilently() throws IOException {
        byte[] bytes = "name,city\nAda,London\nZo\u00EB,K\u00F6ln\n".getBytes(Charset.forName("windows-1252"));
        Path file = Reading.write(dir, "latin.csv", bytes);
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("Line 3 of the file is not valid UTF-8")
                .hasMessageContaining("0xEB")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_FILE);
    }

    @Test
    void invalidUtf8TellsSomeoneWithOnlyExcelHowToSaveTheFileRight() throws IOException {
        byte[] bytes = "name,city\nZo\u00EB,K\u00F6ln\n".getBytes(Charset.forName("windows-1252"));
        Path file = Reading.write(dir, "latin.csv", bytes);
        assertThatThrownBy(() -> readAll(file))
                .hasMessageContaining("File > Save As")
                .hasMessageContaining("\"CSV UTF-8\"")
                .hasMessageContaining("upload it again");
    }

    @Test
    void invalidUtf8AfterEmbeddedNewlinesNamesThePhysicalLine() throws IOException {
        byte[] head = "a,b\n\"x\ny\",1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'o', 'k', ',', (byte) 0xFF, '\n'};
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        assertThatThrownBy(() -> readAll(Reading.write(dir, "bad.csv", all))).hasMessageContaining("Line 4 ");
    }

    @Test
    void declaredWindows1252ReadsAccents() throws IOException {
        Charset cp1252 = Charset.forName("windows-1252");
        Path file = Reading.write(dir, "latin.csv", "name;city\nRené;Besançon €\n".getBytes(cp1252));
        assertThat(readAll(file, new ReadOptions(Limits.defaults(), cp1252, null)))
                .containsExactly("header: [name, city]", "2: [René, Besançon €]");
    }

    @Test
    void readsUtf16WithByteOrderMark() throws IOException {
        byte[] text = "a\tb\n1\té\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[text.length + 2];
        all[0] = (byte) 0xFF;
        all[1] = (byte) 0xFE;
        System.arraycopy(text, 0, all, 2, text.length);
        assertThat(readAll(Reading.write(dir, "u16.txt", all))).containsExactly("header: [a, b]", "2: [1, é]");
    }

    @Test
    void estimatesRowsFromBytesReadAndKnowsThemAtTheEnd() throws IOException {
        StringBuilder text = new StringBuilder("id,name\n");
        for (int i = 0; i < 10_000; i++) {
            text.append(i).append(",name").append(i % 10).append('\n');
        }
        Path file = csv(text.toString());
        try (RowReader reader = RowReaders.open(file, FileFormat.CSV, ReadOptions.of(Limits.defaults()))) {
            for (int i = 0; i < 100; i++) {
                reader.next();
            }
            assertThat(reader.estimatedRows()).isBetween(7_000L, 13_000L);
            while (reader.next() != null) {
                // read to the end
            }
            assertThat(reader.estimatedRows()).isEqualTo(10_000);
        }
    }

    @Test
    void closingMidwayReleasesTheFile() throws IOException {
        Path file = csv("a\n1\n2\n3\n");
        RowReader reader = RowReaders.open(file, FileFormat.CSV, ReadOptions.of(Limits.defaults()));
        reader.next();
        reader.close();
        Files.delete(file);
        assertThat(file).doesNotExist();
        assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNulByteDeepInTheFileFailsNamingItsPhysicalLineAndColumn() throws IOException {
        StringBuilder text = new StringBuilder("name,note\n\"two\nlines\",x\n");
        for (int row = 3; row < 402; row++) {
            text.append("Person ").append(row).append(" (past the 8 KiB sniffed for format),ok\n");
        }
        text.append("Nul\0Name,ok\n").append("After,ok\n");
        assertThatThrownBy(() -> readAll(csv(text.toString())))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessageContaining("Line 403, column 4 ")
                .hasMessageContaining("U+0000");
    }

    @Test
    void otherC0ControlsAreRefusedButTabCrAndLfInsideCellsAreKept() throws IOException {
        assertThat(readAll(csv("a,b\n\"x\ty\",\"1\r\n2\"\n"))).containsExactly("header: [a, b]", "2: [x\ty, 1\r\n2]");
        for (char c : new char[] {0x01, 0x08, 0x0B, 0x0C, 0x1A, 0x1B, 0x1F}) {
            Path file = csv("a,b\n1,2\n3,\"x" + c + "\"\n");
            assertThatThrownBy(() -> Reading.rows(file, FileFormat.CSV, ReadOptions.of(Limits.defaults())))
                    .as("U+%04X", (int) c)
                    .isInstanceOf(ImportException.class)
                    .hasMessageContaining("Line 3, column 5 ")
                    .hasMessageContaining(String.format("U+%04X", (int) c));
        }
    }

    @Test
    void aControlCharacterInUtf16TextIsRefusedToo() throws IOException {
        byte[] bytes = "\uFEFFa,b\n1,\u0007\n".getBytes(StandardCharsets.UTF_16LE);
        Path file = Reading.write(dir, "u16.csv", bytes);
        assertThatThrownBy(() -> Reading.rows(file, FileFormat.CSV, ReadOptions.of(Limits.defaults())))
                .hasMessageContaining("Line 2, column 3 ");
    }
}
