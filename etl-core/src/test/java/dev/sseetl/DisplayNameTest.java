package dev.sseetl;

import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one file-name rule: {@link ImportJob#displayName(String)}, applied by the engine to every upload. */
class DisplayNameTest {
    @TempDir
    Path work;

    @Test
    void keepsOnlyTheNameWithoutFoldersOrControlCharacters() {
        assertThat(ImportJob.displayName("people.csv")).isEqualTo("people.csv");
        assertThat(ImportJob.displayName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(ImportJob.displayName("C:\\Users\\ada\\people.xlsx")).isEqualTo("people.xlsx");
        assertThat(ImportJob.displayName("a\u0000b\u0085\u007f.csv")).isEqualTo("ab.csv");
        assertThat(ImportJob.displayName("  spaced.csv \t")).isEqualTo("spaced.csv");
        assertThat(ImportJob.displayName("Übersicht 2024 (final).xlsx")).isEqualTo("Übersicht 2024 (final).xlsx");
    }

    @Test
    void noUsableNameIsUpload() {
        assertThat(ImportJob.displayName(null)).isEqualTo(ImportJob.UNNAMED_FILE).isEqualTo("upload");
        assertThat(ImportJob.displayName("")).isEqualTo("upload");
        assertThat(ImportJob.displayName("dir/")).isEqualTo("upload");
        assertThat(ImportJob.displayName("..")).isEqualTo("upload");
        assertThat(ImportJob.displayName("x/.")).isEqualTo("upload");
        assertThat(ImportJob.displayName("\u0001\u0002")).isEqualTo("upload");
    }

    @Test
    void cutsAtTheLimitCountingCharactersNotUtf16Units() {
        assertThat(ImportJob.MAX_FILE_NAME_LENGTH).isEqualTo(200);
        assertThat(ImportJob.displayName("n".repeat(300) + ".csv")).isEqualTo("n".repeat(200));
        String emoji = "\uD83D\uDCC8"; // one character, two UTF-16 units
        String cut = ImportJob.displayName(emoji.repeat(250));
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(200);
        assertThat(cut).isEqualTo(emoji.repeat(200));
    }

    @Test
    void theEngineKeepsTheDisplayNameOfWhatTheClientSent() {
        Schema schema = Schema.named("people").column(Column.string("name")).build();
        try (EtlEngine engine = EtlEngine.builder().schema(schema).workDirectory(work).build()) {
            for (String sent : new String[]{"../" + "n".repeat(300) + ".csv", "C:\\x\\people.csv", "a\u0000b.csv", null}) {
                String id = engine.upload("people", new ByteArrayInputStream("name\nAda\n".getBytes(StandardCharsets.UTF_8)),
                        sent, Map.of(), "ada");
                assertThat(engine.status(id, "ada").job().fileName()).as(String.valueOf(sent))
                        .isEqualTo(ImportJob.displayName(sent));
            }
        }
    }
}
