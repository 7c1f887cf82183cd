package dev.sseetl.examples;

import dev.sseetl.mapping.ColumnMapping;
import dev.sseetl.mapping.ColumnMapping.FileColumn;
import dev.sseetl.mapping.MappingSuggester;
import dev.sseetl.mapping.MatchKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The files of issue 11 against the demo's own {@code user_schema}. */
class DemoSchemaMappingTest {
    private static final MappingSuggester USERS = MappingSuggester.forSchema(DemoSchemas.users());

    @Test
    void fullNameEmailAddressDobAndRoleAllFindTheirColumn() {
        ColumnMapping mapping = USERS.suggest(List.of("Full name", "E-mail Address", "DOB", "Role"));
        assertThat(mapping.fileColumns()).extracting(FileColumn::column).containsExactly("name", "email", "birth_date", "role");
        assertThat(mapping.fileColumns()).extracting(FileColumn::how)
                .containsExactly(MatchKind.ALIAS, MatchKind.FUZZY, MatchKind.ALIAS, MatchKind.EXACT);
        assertThat(mapping.missingRequired()).isEmpty();
        assertThat(mapping.needsConfirmation()).as("E-mail Address is only similar to Email").isTrue();
    }

    @Test
    void dobAmongExactHeadersIsBirthDateAndTheImportGoesStraightThrough() {
        ColumnMapping mapping = USERS.suggest(List.of("Name", "Email", "DOB", "Role", "Active"));
        assertThat(mapping.fileColumns()).extracting(FileColumn::column)
                .containsExactly("name", "email", "birth_date", "role", "active");
        assertThat(mapping.needsConfirmation()).isFalse();
    }

    @Test
    void theTemplatesOwnHeaderNeverAsks() {
        List<String> labels = DemoSchemas.users().columns().stream().map(c -> c.label()).toList();
        assertThat(USERS.suggest(labels).needsConfirmation()).isFalse();
    }
}
