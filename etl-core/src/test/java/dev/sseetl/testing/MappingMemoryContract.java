package dev.sseetl.testing;

import dev.sseetl.mapping.ColumnMapping;
import dev.sseetl.mapping.MappingSuggester;
import dev.sseetl.mapping.MatchKind;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.MappingMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link MappingMemory} promises. Extend it with {@link #createMemory()}. */
public abstract class MappingMemoryContract {
    private static final Schema PEOPLE = Schema.named("people")
            .column(Column.string("name").label("Name").required())
            .column(Column.email("email").label("Email").required())
            .column(Column.date("birth_date").label("Birth Date"))
            .build();
    private static final Set<String> HEADERS = Set.of("fullname", "emailaddress", "born", "notes");
    private static final Map<String, String> KEYS = Map.of("fullname", "name", "emailaddress", "email", "born", "birth_date");
    protected MappingMemory memory;
    private String owner;

    /** A new memory with nothing remembered. */
    protected abstract MappingMemory createMemory();

    @BeforeEach
    void createTheMemory() {
        memory = createMemory();
        owner = "ada-" + UUID.randomUUID();
    }

    @Test
    void recallsWhatWasRememberedForTheSameOwnerSchemaAndHeaderSet() {
        memory.remember(owner, "people", HEADERS, KEYS);
        assertThat(memory.recall(owner, "people", Set.of("notes", "born", "emailaddress", "fullname"))).contains(KEYS);
        assertThat(memory.recall(owner, "people", Set.of("fullname", "emailaddress", "born"))).as("another set").isEmpty();
        assertThat(memory.recall(owner, "products", HEADERS)).as("another schema").isEmpty();
        assertThat(memory.recall("grace", "people", HEADERS)).as("another owner").isEmpty();
        assertThat(memory.recall(null, "people", HEADERS)).isEmpty();
    }

    @Test
    void rememberingAgainReplaces() {
        memory.remember(owner, "people", HEADERS, KEYS);
        Map<String, String> changed = new HashMap<>(KEYS);
        changed.remove("born");
        changed.put("notes", "birth_date");
        memory.remember(owner, "people", HEADERS, changed);
        assertThat(memory.recall(owner, "people", HEADERS)).contains(changed);
    }

    @Test
    void anAnonymousOwnerHasAMemoryToo() {
        memory.remember(null, "people", HEADERS, Map.of());
        assertThat(memory.recall(null, "people", HEADERS)).contains(Map.of());
        assertThat(memory.recall(owner, "people", HEADERS)).isEmpty();
    }

    @Test
    void aWideHeaderSetFits() {
        Set<String> wide = IntStream.range(0, 500).mapToObj(i -> "averylongheadernumber" + i).collect(Collectors.toSet());
        memory.remember(owner, "people", wide, Map.of("averylongheadernumber7", "name"));
        assertThat(memory.recall(owner, "people", Set.copyOf(wide))).contains(Map.of("averylongheadernumber7", "name"));
    }

    @Test
    void aKeyForAHeaderOutsideTheSetIsRefused() {
        assertThatThrownBy(() -> memory.remember(owner, "people", Set.of("born"), Map.of("dob", "birth_date")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[dob]");
    }

    @Test
    void aConfirmedMappingComesBackAsRemembered() {
        List<String> header = List.of("Full name", "E-mail Address", "Born", "Notes");
        MappingSuggester suggester = MappingSuggester.forSchema(PEOPLE);
        ColumnMapping confirmed = suggester.suggest(header).withChanges(Map.of(2, "birth_date"));
        memory.remember(owner, PEOPLE.name(), confirmed.headerSet(), confirmed.keysByHeader().orElseThrow());

        List<String> again = List.of("NOTES", "full name", "born", "E-Mail address");
        ColumnMapping recalled = suggester.suggest(again, memory.recall(owner, PEOPLE.name(),
                suggester.suggest(again).headerSet()).orElseThrow());
        assertThat(recalled.fileColumns()).extracting(ColumnMapping.FileColumn::column)
                .containsExactly(null, "name", "birth_date", "email");
        assertThat(recalled.fileColumns()).extracting(ColumnMapping.FileColumn::how)
                .containsExactly(MatchKind.NONE, MatchKind.REMEMBERED, MatchKind.REMEMBERED, MatchKind.REMEMBERED);
        assertThat(recalled.needsConfirmation()).isFalse();
    }
}
