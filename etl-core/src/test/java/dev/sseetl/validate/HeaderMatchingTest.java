package dev.sseetl.validate;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static dev.sseetl.validate.Cells.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderMatchingTest {
    private static final Schema PEOPLE = Schema.named("people")
            .column(Column.string("name").label("Name").required().aliases("Full name", "Nama"))
            .column(Column.email("email").label("Email").required().aliases("E-mail address"))
            .column(Column.date("birth_date").label("Birth Date"))
            .column(Column.enumeration("role", "admin", "viewer").label("Role").defaultValue("viewer"))
            .build();

    @ParameterizedTest
    @ValueSource(strings = {"Birth Date", "birth_date", "BIRTH-DATE", "Bírth date", "birth.date", " birthdate ", "BirthDate"})
    void headerMatchesIgnoringCaseSeparatorsAndAccents(String header) {
        RowValidator v = RowValidator.forHeader(PEOPLE, List.of("Name", "Email", header));
        var staged = v.validate(row(2, "Ada", "ada@example.com", "1815-12-10"));
        assertThat(staged.values().get(2)).isEqualTo(LocalDate.of(1815, 12, 10));
    }

    @Test
    void headerMatchesKeysLabelsAndAliasesInAnyOrder() {
        RowValidator v = RowValidator.forHeader(PEOPLE, List.of("e-mail ADDRESS", "ROLE", "nama"));
        var staged = v.validate(row(2, "ada@example.com", "Admin", "Ada"));
        assertThat(staged.values()).containsExactly("Ada", "ada@example.com", null, "admin");
        assertThat(staged.raw()).containsExactly("Ada", "ada@example.com", null, "Admin");
    }

    @Test
    void missingOptionalColumnsAreEmptyOrTheirDefault() {
        RowValidator v = RowValidator.forHeader(PEOPLE, List.of("Name", "Email"));
        var staged = v.validate(row(2, "Ada", "ada@example.com"));
        assertThat(staged.valid()).isTrue();
        assertThat(staged.values()).containsExactly("Ada", "ada@example.com", null, "viewer");
    }

    @Test
    void unknownColumnsAndExtraCellsAreIgnoredWhenNotStrict() {
        RowValidator v = RowValidator.forHeader(PEOPLE, List.of("Notes", "Name", "Email"));
        var staged = v.validate(row(2, "whatever", "Ada", "ada@example.com", "beyond the header"));
        assertThat(staged.valid()).isTrue();
        assertThat(staged.values()).containsExactly("Ada", "ada@example.com", null, "viewer");
    }

    @Test
    void missingRequiredColumnsFailNamingEveryOneByLabel() {
        assertThatThrownBy(() -> RowValidator.forHeader(PEOPLE, List.of("Role", "Birth date")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessage("The file lacks the required columns Name, Email. Add them to the header row (the template"
                        + " shows every column); the header row has: Role, Birth date.");
        assertThatThrownBy(() -> RowValidator.forHeader(PEOPLE, List.of("Name", "Mail")))
                .hasMessageStartingWith("The file lacks the required column Email. Add it to the header row");
    }

    @Test
    void twoHeadersForOneColumnFailNamingBoth() {
        assertThatThrownBy(() -> RowValidator.forHeader(PEOPLE, List.of("Name", "Email", "E-mail address")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessage("The header row names a column twice: 'Email' and 'E-mail address' both name the column"
                        + " Email. Keep one of each and upload the file again.");
    }

    @Test
    void strictSchemaRefusesUnknownColumnsNamingThem() {
        Schema strict = Schema.named("strict_people").strict(true)
                .column(Column.string("name").label("Name"))
                .column(Column.integer("age").label("Age"))
                .build();
        assertThatThrownBy(() -> RowValidator.forHeader(strict, List.of("Name", "Notes", "Age", "Extra")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                .hasMessage("The file has columns that 'strict_people' does not know: 'Notes', 'Extra'. Remove them or"
                        + " rename to one of: Name, Age.");
        assertThat(RowValidator.forHeader(strict, Arrays.asList("Name", "", null, "Age"))).isNotNull();
    }

    @Test
    void strictSchemaTakesBackItsOwnErrorReportWithTheAddedColumns() {
        Schema strict = Schema.named("strict_people").strict(true)
                .column(Column.string("name").label("Name"))
                .column(Column.integer("age").label("Age"))
                .build();
        List<String> reportHeader = List.of("Name", "Age", dev.sseetl.sheet.ReportColumns.SOURCE_ROW,
                dev.sseetl.sheet.ReportColumns.ERRORS);
        RowValidator validator = RowValidator.forHeader(strict, reportHeader);
        assertThat(validator.validate(new dev.sseetl.read.RowReader.SourceRow(2,
                List.of("Ada", "36", "7", "Age 'x' is not a whole number."))).valid()).isTrue();
    }

    @Test
    void emptyHeaderMeansAnEmptyFile() {
        for (List<String> header : List.of(List.<String>of(), Arrays.asList("", " ", null), Collections.<String>emptyList())) {
            assertThatThrownBy(() -> RowValidator.forHeader(PEOPLE, header))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FILE))
                    .hasMessageStartingWith("The file is empty");
        }
    }

    @Test
    void columnsAnsweringToTheSameHeaderAreRefusedWhenTheSchemaIsBuilt() {
        assertThatThrownBy(() -> Schema.named("bad")
                .column(Column.string("birth_date"))
                .column(Column.string("born").aliases("Birth-Date"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns 'birth_date' and 'born' both answer to the header 'birthdate'");
    }

    @Test
    void normalisedHeaderDropsAccentsCaseAndSeparators() {
        assertThat(Column.normalizeHeader("Ñame—Of_the.Día  Ü")).isEqualTo("nameofthediau");
        assertThat(Column.normalizeHeader("\uFEFFName")).isEqualTo("name");
        assertThat(Column.string("birth_date").label("Birth Date").build().matchesHeader("BIRTH-DATE")).isTrue();
    }
}
