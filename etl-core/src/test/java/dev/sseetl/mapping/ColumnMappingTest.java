package dev.sseetl.mapping;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sseetl.mapping.MappingSuggesterTest.SUGGESTER;
import static dev.sseetl.mapping.MappingSuggesterTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnMappingTest {
    private static final ColumnMapping SUGGESTED = SUGGESTER.suggest(List.of("Full name", "E-mail Address", "Born", "Notes"));

    private static Map<Integer, String> changes(Object... indexThenKey) {
        Map<Integer, String> changes = new HashMap<>();
        for (int i = 0; i < indexThenKey.length; i += 2) {
            changes.put((Integer) indexThenKey[i], (String) indexThenKey[i + 1]);
        }
        return changes;
    }

    @Test
    void changesAreAppliedAsManualAndTheRestKeepTheirSuggestion() {
        ColumnMapping changed = SUGGESTED.withChanges(changes(2, "birth_date", 3, null));
        assertThat(keys(changed)).containsExactly("name", "email", "birth_date", null);
        assertThat(changed.fileColumns().get(0).how()).isEqualTo(MatchKind.ALIAS);
        assertThat(changed.fileColumns().get(2).how()).isEqualTo(MatchKind.MANUAL);
        assertThat(changed.fileColumns().get(2).score()).isEqualTo(1.0);
        assertThat(changed.ignored()).containsExactly("Notes");
        assertThat(changed.confirmed()).isTrue();
        assertThat(changed.needsConfirmation()).isFalse();
        assertThat(SUGGESTED.needsConfirmation()).as("the original is unchanged").isTrue();
        assertThat(keys(SUGGESTED)).containsExactly("name", "email", null, null);
    }

    @Test
    void aColumnCanBeMovedFromOneFileColumnToAnother() {
        ColumnMapping moved = SUGGESTED.withChanges(changes(0, null, 3, "name"));
        assertThat(keys(moved)).containsExactly(null, "email", null, "name");
    }

    @Test
    void anUnknownColumnKeyIsABadRequestNamingIt() {
        assertThatThrownBy(() -> SUGGESTED.withChanges(changes(2, "born")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("'people' has no column 'born'; its columns are name, email, birth_date, role, active.");
    }

    @Test
    void aFileColumnThatDoesNotExistIsABadRequest() {
        assertThatThrownBy(() -> SUGGESTED.withChanges(changes(4, "role")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("The file has no column 4; its columns are numbered 0 to 3.");
    }

    @Test
    void twoFileColumnsOnOneKeyAreABadRequestNamingBoth() {
        assertThatThrownBy(() -> SUGGESTED.withChanges(changes(3, "email")))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("Each field can take one file column, but Email ('E-mail Address' and 'Notes') is chosen"
                        + " for more than one. Ignore all but one.");
    }

    @Test
    void aRequiredColumnLeftUnmappedIsABadRequestNamingIt() {
        assertThatThrownBy(() -> SUGGESTED.withChanges(changes(1, null)))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessage("The required field Email has no file column; choose one for it.");
        ColumnMapping nothing = SUGGESTER.suggest(List.of("Foo"));
        assertThatThrownBy(() -> nothing.withChanges(Map.of()))
                .hasMessage("The required fields Name, Email have no file column; choose one for each.");
    }
}
