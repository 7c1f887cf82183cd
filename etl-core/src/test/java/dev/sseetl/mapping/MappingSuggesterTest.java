package dev.sseetl.mapping;

import dev.sseetl.mapping.ColumnMapping.FileColumn;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MappingSuggesterTest {
    static final Schema PEOPLE = Schema.named("people")
            .column(Column.string("name").label("Name").required().aliases("full name"))
            .column(Column.email("email").label("Email").required().aliases("e-mail", "mail"))
            .column(Column.date("birth_date").label("Birth Date"))
            .column(Column.enumeration("role", "admin", "viewer").label("Role").defaultValue("viewer"))
            .column(Column.bool("active").label("Active"))
            .build();
    static final MappingSuggester SUGGESTER = MappingSuggester.forSchema(PEOPLE);

    static List<String> keys(ColumnMapping mapping) {
        return mapping.fileColumns().stream().map(FileColumn::column).toList();
    }

    static List<MatchKind> kinds(ColumnMapping mapping) {
        return mapping.fileColumns().stream().map(FileColumn::how).toList();
    }

    @Test
    void anExactFileMapsEveryColumnAndNeverNeedsConfirmation() {
        for (List<String> header : List.of(List.of("Name", "Email", "Birth Date", "Role", "Active"),
                List.of("ROLE", "birth_date", "e-mail", "Full Name"), List.of("Name", "Email"))) {
            ColumnMapping mapping = SUGGESTER.suggest(header);
            assertThat(mapping.fileColumns()).allSatisfy(f -> assertThat(f.how()).isIn(MatchKind.EXACT, MatchKind.ALIAS));
            assertThat(mapping.needsConfirmation()).as("%s", header).isFalse();
            assertThat(mapping.missingRequired()).isEmpty();
            assertThat(mapping.ignored()).isEmpty();
        }
        ColumnMapping exact = SUGGESTER.suggest(List.of("Role", "Name", "Email"));
        assertThat(keys(exact)).containsExactly("role", "name", "email");
        assertThat(exact.fileColumns()).extracting(FileColumn::score).containsOnly(1.0);
        assertThat(exact.sourceIndexes()).containsExactly(1, 2, -1, 0, -1);
    }

    @Test
    void dobAloneAmongExactHeadersMapsToBirthDateWithoutAsking() {
        ColumnMapping mapping = SUGGESTER.suggest(List.of("Name", "Email", "DOB", "Role", "Active"));
        assertThat(keys(mapping)).containsExactly("name", "email", "birth_date", "role", "active");
        assertThat(mapping.fileColumns().get(2).how()).isEqualTo(MatchKind.ALIAS);
        assertThat(mapping.fileColumns().get(2).score()).isEqualTo(0.9);
        assertThat(mapping.needsConfirmation()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"d.o.b.,birth_date", "Date of Birth,birth_date", "Birthday,birth_date", "BirthDate,birth_date",
            "E-mail Address,email", "Emial,email", "Mail,email", "Full name,name"})
    void commonSpellingsFindTheirColumn(String header, String key) {
        ColumnMapping mapping = SUGGESTER.suggest(List.of(header));
        assertThat(mapping.fileColumns().get(0).column()).isEqualTo(key);
    }

    @Test
    void abbreviationsAreWrittenOutWordByWordAndBothWays() {
        Schema orders = Schema.named("orders")
                .column(Column.string("order_number").label("Order Number"))
                .column(Column.integer("quantity").label("Quantity"))
                .column(Column.string("phone").label("Tel"))
                .column(Column.string("dept").label("Department"))
                .column(Column.decimal("total").label("Amt"))
                .build();
        ColumnMapping mapping = MappingSuggester.forSchema(orders)
                .suggest(List.of("Order No.", "Qty", "Mobile", "Dept", "Amount"));
        assertThat(keys(mapping)).containsExactly("order_number", "quantity", "phone", "dept", "total");
        assertThat(kinds(mapping)).containsExactly(MatchKind.ALIAS, MatchKind.ALIAS, MatchKind.ALIAS, MatchKind.EXACT,
                MatchKind.ALIAS);
        assertThat(MappingSuggester.forSchema(orders).suggest(List.of("nr")).fileColumns().get(0).column()).isNull();
    }

    @Test
    void fuzzyMatchesAskForConfirmationAndScoreBelowOne() {
        ColumnMapping mapping = SUGGESTER.suggest(List.of("Name", "E-mail Address"));
        FileColumn email = mapping.fileColumns().get(1);
        assertThat(email.column()).isEqualTo("email");
        assertThat(email.how()).isEqualTo(MatchKind.FUZZY);
        assertThat(email.score()).isBetween(MappingSuggester.FUZZY_THRESHOLD, 0.99);
        assertThat(mapping.needsConfirmation()).isTrue();
    }

    @Test
    void aFileWhoseHeadersMatchNothingMapsNothingAndAsks() {
        ColumnMapping mapping = SUGGESTER.suggest(List.of("Foo", "Bar", "Quux"));
        assertThat(keys(mapping)).containsOnlyNulls();
        assertThat(kinds(mapping)).containsOnly(MatchKind.NONE);
        assertThat(mapping.ignored()).containsExactly("Foo", "Bar", "Quux");
        assertThat(mapping.missingRequired()).containsExactly("name", "email");
        assertThat(mapping.needsConfirmation()).isTrue();
    }

    @Test
    void oneSchemaColumnTakesOneFileColumnTheBetterMatchFirst() {
        ColumnMapping mapping = SUGGESTER.suggest(List.of("E-mail Address", "Name", "Email"));
        assertThat(keys(mapping)).containsExactly(null, "name", "email");
        assertThat(mapping.ignored()).containsExactly("E-mail Address");
    }

    @Test
    void duplicateHeadersMapTheFirstAndAsk() {
        ColumnMapping mapping = SUGGESTER.suggest(List.of("Name", "Email", "email", "Birth Date", "Role", "Active"));
        assertThat(keys(mapping)).containsExactly("name", "email", null, "birth_date", "role", "active");
        assertThat(mapping.ignored()).containsExactly("email");
        assertThat(mapping.needsConfirmation()).as("the second Email would be dropped unseen").isTrue();
        assertThat(mapping.keysByHeader()).isEmpty();
    }

    @Test
    void emptyHeaderCellsAreIgnoredWithoutAsking() {
        ColumnMapping mapping = SUGGESTER.suggest(Arrays.asList("Name", "", null, "  ", "Email"));
        assertThat(keys(mapping)).containsExactly("name", null, null, null, "email");
        assertThat(mapping.fileColumns()).extracting(FileColumn::header).containsExactly("Name", "", "", "", "Email");
        assertThat(mapping.ignored()).isEmpty();
        assertThat(mapping.needsConfirmation()).isFalse();
        assertThat(SUGGESTER.suggest(List.of()).fileColumns()).isEmpty();
    }

    @Test
    void anIgnoredHeaderWhileASchemaColumnIsUnmatchedAsks() {
        assertThat(SUGGESTER.suggest(List.of("Name", "Email", "Born")).needsConfirmation()).isTrue();
        Schema two = Schema.named("two").column(Column.string("name")).column(Column.email("email")).build();
        assertThat(MappingSuggester.forSchema(two).suggest(List.of("Name", "Email", "Notes")).needsConfirmation())
                .as("every schema column is matched: Notes is simply ignored").isFalse();
    }

    @Test
    void aSchemaCanAskAlways() {
        ColumnMapping mapping = SUGGESTER.alwaysConfirm(true).suggest(List.of("Name", "Email", "Birth Date", "Role", "Active"));
        assertThat(mapping.needsConfirmation()).isTrue();
        assertThat(mapping.withChanges(Map.of()).needsConfirmation()).isFalse();
    }

    @Test
    void aRememberedMappingIsUsedAsConfirmedWhileItFits() {
        List<String> header = List.of("Full name", "E-mail Address", "Born", "Notes");
        ColumnMapping confirmed = SUGGESTER.suggest(header).withChanges(Map.of(2, "birth_date"));
        Map<String, String> remembered = confirmed.keysByHeader().orElseThrow();
        assertThat(remembered).containsOnly(Map.entry("fullname", "name"), Map.entry("emailaddress", "email"),
                Map.entry("born", "birth_date"));
        assertThat(confirmed.headerSet()).containsExactlyInAnyOrder("fullname", "emailaddress", "born", "notes");

        ColumnMapping recalled = SUGGESTER.suggest(List.of("Notes", "Born", "Full Name", "E-mail address"), remembered);
        assertThat(keys(recalled)).containsExactly(null, "birth_date", "name", "email");
        assertThat(kinds(recalled)).containsExactly(MatchKind.NONE, MatchKind.REMEMBERED, MatchKind.REMEMBERED,
                MatchKind.REMEMBERED);
        assertThat(recalled.needsConfirmation()).isFalse();

        Schema withoutBirthDate = Schema.named("people").column(Column.string("name").required())
                .column(Column.email("email").required()).build();
        assertThat(MappingSuggester.forSchema(withoutBirthDate).suggest(header, remembered).confirmed())
                .as("a key the schema lost: suggest afresh").isFalse();
        assertThat(SUGGESTER.suggest(List.of("Full name", "Born", "Notes"), remembered).confirmed())
                .as("a required column would be unmapped").isFalse();
    }

    @Test
    void theHeaderRowIsTheRowMatchingMostColumnsBelowATitle() {
        List<List<String>> rows = List.of(
                List.of("User export, 1 December 2026"),
                List.of(),
                List.of("Name", "Email", "DOB", "Role"),
                List.of("Ada Lovelace", "ada@example.com", "1815-12-10", "admin"),
                List.of("Name", "Email"));
        assertThat(SUGGESTER.headerRow(rows)).isEqualTo(2);
        assertThat(SUGGESTER.headerRow(List.of(List.of("Name", "Email"), List.of("Email", "Name")))).as("ties: the earliest").isZero();
        assertThat(SUGGESTER.headerRow(List.of(List.of("x"), List.of("y")))).isZero();
        assertThat(SUGGESTER.headerRow(List.of())).isZero();
    }

    @Test
    void onlyTheFirstTenRowsAreSearched() {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(List.of("title " + i));
        }
        rows.add(List.of("Name", "Email"));
        assertThat(SUGGESTER.headerRow(rows)).isZero();
        rows.set(9, List.of("Name"));
        assertThat(SUGGESTER.headerRow(rows)).isEqualTo(9);
    }

    @Test
    void theBestSheetIsTheOneWhoseHeaderMatchesBest() {
        List<List<String>> notes = List.of(List.of("Read me"), List.of("Fill in the Users sheet"));
        List<List<String>> users = List.of(List.of("Users"), List.of("Name", "Email", "Role"), List.of("Ada", "ada@example.com", "admin"));
        List<List<String>> other = List.of(List.of("Name", "Notes"));
        assertThat(SUGGESTER.locate(List.of(notes, other, users))).isEqualTo(new MappingSuggester.HeaderLocation(2, 1));
        assertThat(SUGGESTER.locate(List.of(users, List.of(List.of("Role", "Name", "Email")))))
                .as("ties: the earliest sheet").isEqualTo(new MappingSuggester.HeaderLocation(0, 1));
        assertThat(SUGGESTER.locate(List.of(notes))).isEqualTo(new MappingSuggester.HeaderLocation(0, 0));
    }
}
