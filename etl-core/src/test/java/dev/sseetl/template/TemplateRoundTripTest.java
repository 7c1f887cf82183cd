package dev.sseetl.template;

import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.testing.ImportFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A template, read back through the real readers and validator, imports its example row without errors. */
class TemplateRoundTripTest {
    @TempDir
    Path dir;

    private Path write(Schema schema, FileFormat format) throws IOException {
        Path file = dir.resolve(schema.name() + "." + format.extension());
        try (var out = Files.newOutputStream(file)) {
            TemplateWriter.write(schema, format, out);
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void theExampleRowOfEveryColumnTypeImportsWithoutErrors(FileFormat format) throws IOException {
        List<StagedRow> rows = ImportFiles.stage(TemplateWriterTest.USERS, write(TemplateWriterTest.USERS, format));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).errors()).isEmpty();
        assertThat(rows.get(0).values()).startsWith("Ada Lovelace", "name@example.com", "viewer");
        assertThat(rows.get(0).values().get(6)).isEqualTo(ExampleValues.EXAMPLE_DATE);
        assertThat(rows.get(0).values().get(7)).isEqualTo(ExampleValues.EXAMPLE_DATE_TIME);
        assertThat(rows.get(0).values().get(8)).isEqualTo(true);
    }

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void examplesGivenByTheSchemaAuthorImportAsGiven(FileFormat format) throws IOException {
        Schema schema = Schema.named("products")
                .column(Column.string("sku").required().pattern("[A-Z]{2}-\\d{4}").example("AB-1234"))
                .column(Column.decimal("price").required().scale(2).min(1).example("19.99"))
                .column(Column.integer("stock").min(-5).max(5).example("-3"))
                .column(Column.date("released").datePatterns("d MMM uuuu").example("7 Mar 2023"))
                .column(Column.string("code").minLength(5).maxLength(6))
                .column(Column.email("mail").maxLength(10))
                .build();
        List<StagedRow> rows = ImportFiles.stage(schema, write(schema, format));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.errors()).isEmpty());
        assertThat(rows.get(0).values().subList(0, 3)).containsExactly("AB-1234", new java.math.BigDecimal("19.99"), -3L);
        assertThat(rows.get(0).values().get(3)).isEqualTo(java.time.LocalDate.of(2023, 3, 7));
    }
}
