package dev.sseetl.schema;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A column's rules live in {@link Column.Builder}; {@link SchemaLoader} builds its columns there. These tests fail
 * when a rule is missing from the builder (Java schemas would silently ignore the constraint) or when the loader
 * keeps a copy of its own that disagrees with the builder.
 */
class ColumnRulesTest {
    /** Each constraint: its JSON key, a JSON value, and the same setting through the builder. */
    private record Constraint(String jsonKey, String json, Consumer<Column.Builder> set) {
    }

    private static final List<Constraint> CONSTRAINTS = List.of(
            new Constraint("minLength", "1", c -> c.minLength(1)),
            new Constraint("maxLength", "5", c -> c.maxLength(5)),
            new Constraint("min", "0", c -> c.min(0)),
            new Constraint("max", "9", c -> c.max(9)),
            new Constraint("scale", "2", c -> c.scale(2)),
            new Constraint("values", "[\"a\"]", c -> c.allowedValues("a")),
            new Constraint("formats", "[\"dd/MM/yyyy\"]", c -> c.datePatterns("dd/MM/yyyy")),
            new Constraint("pattern", "\"[a-z]+\"", c -> c.pattern("[a-z]+")));

    @Test
    void aJavaColumnRefusesAConstraintItsTypeWouldIgnore() {
        assertThatThrownBy(() -> Column.integer("a").maxLength(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'a': 'maxLength' does not apply to type integer; it is for string, email, enum");
        assertThatThrownBy(() -> Column.string("s").min(1))
                .hasMessage("column 's': 'min' does not apply to type string; it is for integer, decimal");
        assertThatThrownBy(() -> Column.integer("i").scale(2))
                .hasMessage("column 'i': 'scale' does not apply to type integer; it is for decimal");
        assertThatThrownBy(() -> Column.string("s").allowedValues("x"))
                .hasMessage("column 's': 'allowedValues' does not apply to type string; it is for enum");
        assertThatThrownBy(() -> Column.bool("b").datePatterns("dd/MM/yyyy"))
                .hasMessage("column 'b': 'datePatterns' does not apply to type boolean; it is for date, datetime");
        assertThatThrownBy(() -> Column.date("d").minLength(1))
                .hasMessage("column 'd': 'minLength' does not apply to type date; it is for string, email, enum");
    }

    @Test
    void aJavaColumnRefusesBrokenValuesNamingColumnAndConstraint() {
        assertThatThrownBy(() -> Column.string("n").maxLength(0)).hasMessage("column 'n': maxLength must be greater than 0, got 0");
        assertThatThrownBy(() -> Column.string("n").pattern("[a-"))
                .hasMessageStartingWith("column 'n': 'pattern' is not a valid regular expression: ");
        assertThatThrownBy(() -> Column.date("d").datePatterns("dd/MM/yyyy{"))
                .hasMessageStartingWith("column 'd': 'datePatterns' has an invalid date pattern 'dd/MM/yyyy{'");
        assertThatThrownBy(() -> Column.of("r", ColumnType.ENUM).build())
                .hasMessageStartingWith("column 'r': 'allowedValues' is missing");
        assertThatThrownBy(() -> Column.decimal("p").min(5).max(1).build()).hasMessage("column 'p': min 5 is greater than max 1");
        assertThatThrownBy(() -> Column.string("t").minLength(5).maxLength(1).build())
                .hasMessage("column 't': minLength 5 is greater than maxLength 1");
    }

    @Test
    void aJsonSchemaAndAJavaSchemaAcceptAndRefuseTheSameConstraintsWithTheSameWords() {
        List<String> checked = new ArrayList<>();
        for (ColumnType type : ColumnType.values()) {
            for (Constraint constraint : CONSTRAINTS) {
                String java = javaProblem(type, constraint);
                String json = jsonProblem(type, constraint);
                assertThat(json).as(constraint.jsonKey() + " on " + type).isEqualTo(java == null ? null
                        : "schema JSON: " + java.replace("'allowedValues'", "'values'").replace("'datePatterns'", "'formats'"));
                checked.add(type.wireName() + "." + constraint.jsonKey() + (java == null ? " ok" : " refused"));
            }
        }
        assertThat(checked).contains("integer.maxLength refused", "string.maxLength ok", "decimal.scale ok",
                "enum.values ok", "string.values refused", "datetime.formats ok", "boolean.pattern ok");
    }

    @Test
    void schemaFileErrorsNameTheFileAndColumnAroundTheBuildersMessage() {
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"qty","type":"integer","maxLength":5}]}"""))
                .hasMessage("schema JSON: column 'qty': 'maxLength' does not apply to type integer; it is for string, email, enum");
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"on","type":"date","formats":["yyyy-MM-dd","dd{"]}]}"""))
                .hasMessageStartingWith("schema JSON: column 'on': 'formats' has an invalid date pattern 'dd{'")
                .cause().hasMessageStartingWith("column 'on': 'datePatterns' has an invalid date pattern 'dd{'");
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"n","pattern":"[a-"}]}"""))
                .hasMessageStartingWith("schema JSON: column 'n': 'pattern' is not a valid regular expression")
                .cause().hasMessageStartingWith("column 'n': 'pattern' is not a valid regular expression");
        // a column named like a builder setter keeps its name
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"allowedValues","type":"enum"}]}"""))
                .hasMessageStartingWith("schema JSON: column 'allowedValues': 'values' is missing");
    }

    /** The builder's message for this constraint on this type, or null when it is accepted. */
    private static String javaProblem(ColumnType type, Constraint constraint) {
        try {
            Column.Builder c = Column.of("c", type);
            constraint.set().accept(c);
            if (type == ColumnType.ENUM && !constraint.jsonKey().equals("values")) {
                c.allowedValues("a");
            }
            c.build();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The loader's message for this constraint on this type, or null when it is accepted. A refusal must come from the
     * builder (its exception is the cause): a check of the loader's own would be the rule in a second place.
     */
    private static String jsonProblem(ColumnType type, Constraint constraint) {
        String values = type == ColumnType.ENUM && !constraint.jsonKey().equals("values") ? ",\"values\":[\"a\"]" : "";
        String json = "{\"name\":\"s\",\"columns\":[{\"key\":\"c\",\"type\":\"" + type.wireName() + "\"" + values
                + ",\"" + constraint.jsonKey() + "\":" + constraint.json() + "}]}";
        try {
            SchemaLoader.fromJson(json);
            return null;
        } catch (IllegalArgumentException e) {
            assertThat(e.getCause()).as("the builder's refusal behind: " + e.getMessage())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(e.getMessage()).endsWith(e.getCause().getMessage().replaceFirst("^column 'c': ", "")
                    .replace("'allowedValues'", "'values'").replace("'datePatterns'", "'formats'"));
            return e.getMessage();
        }
    }
}
