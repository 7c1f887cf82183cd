package dev.sseetl.validate;

import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.sseetl.validate.Cells.error;
import static dev.sseetl.validate.Cells.row;
import static dev.sseetl.validate.Cells.stage;
import static dev.sseetl.validate.Cells.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConstraintsTest {

    @Test
    void requiredRefusesAnEmptyCell() {
        var e = error(Column.string("name").label("Name").required(), "  ");
        assertThat(e.code()).isEqualTo("required");
        assertThat(e.column()).isEqualTo("name");
        assertThat(e.message()).isEqualTo("Name is required, but the cell is empty.");
        assertThat(error(Column.string("name").required(), null).code()).isEqualTo("required");
    }

    @Test
    void requiredRefusesACellMissingAtTheEndOfAShortRow() {
        Schema schema = Schema.named("t").column(Column.string("a")).column(Column.string("b").required()).build();
        RowValidator validator = RowValidator.forHeader(schema, List.of("a", "b"));
        assertThat(validator.validate(row(2, "only a")).errors()).extracting("code").containsExactly("required");
    }

    @Test
    void lengthIsCountedInCodePoints() {
        Column.Builder name = Column.string("name").label("Name").minLength(2).maxLength(3);
        assertThat(value(name, "😀😀😀")).isEqualTo("😀😀😀"); // 6 chars, 3 code points
        var tooLong = error(name, "abcd");
        assertThat(tooLong.code()).isEqualTo("max_length");
        assertThat(tooLong.message()).isEqualTo("Name 'abcd' is longer than 3 characters.");
        var tooShort = error(name, "😀");
        assertThat(tooShort.code()).isEqualTo("min_length");
        assertThat(tooShort.message()).isEqualTo("Name '😀' is shorter than 2 characters.");
    }

    @Test
    void lengthAppliesToEmailToo() {
        assertThat(error(Column.email("email").maxLength(10), "ada@example.com").code()).isEqualTo("max_length");
    }

    @Test
    void minAndMaxBoundIntegers() {
        Column.Builder age = Column.integer("age").label("Age").min(0).max(150);
        assertThat(value(age, "0")).isEqualTo(0L);
        assertThat(value(age, "150")).isEqualTo(150L);
        var low = error(age, "-1");
        assertThat(low.code()).isEqualTo("min");
        assertThat(low.message()).isEqualTo("Age '-1' is less than the minimum 0.");
        var high = error(age, "151");
        assertThat(high.code()).isEqualTo("max");
        assertThat(high.message()).isEqualTo("Age '151' is greater than the maximum 150.");
    }

    @Test
    void fractionalBoundsOnIntegersRoundInward() {
        Column.Builder n = Column.integer("n").min(new BigDecimal("0.5")).max(new BigDecimal("2.5"));
        assertThat(error(n, "0").code()).isEqualTo("min");
        assertThat(value(n, "1")).isEqualTo(1L);
        assertThat(value(n, "2")).isEqualTo(2L);
        assertThat(error(n, "3").code()).isEqualTo("max");
    }

    @Test
    void minAndMaxBoundDecimalsExactly() {
        Column.Builder price = Column.decimal("price").min(new BigDecimal("0.01")).max(new BigDecimal("99.99"));
        assertThat(value(price, "0.01")).isEqualTo(new BigDecimal("0.01"));
        assertThat(error(price, "0.009").code()).isEqualTo("min");
        assertThat(error(price, "100").code()).isEqualTo("max");
        assertThat(error(price, new BigDecimal("99.991")).code()).isEqualTo("max");
    }

    @Test
    void patternMustMatchTheWholeText() {
        Column.Builder sku = Column.string("sku").label("SKU").pattern("[A-Z0-9-]{3,32}").example("AB-123");
        assertThat(value(sku, "AB-123")).isEqualTo("AB-123");
        var e = error(sku, "ab-123");
        assertThat(e.code()).isEqualTo("pattern");
        assertThat(e.message()).isEqualTo("SKU 'ab-123' does not match the expected form [A-Z0-9-]{3,32}, e.g. AB-123.");
        assertThat(error(sku, "AB-123 and more").code()).isEqualTo("pattern");
    }

    @Test
    void defaultValueFillsAnEmptyCellAndIsConvertedLikeInput() {
        Column.Builder role = Column.enumeration("role", "admin", "viewer").defaultValue("VIEWER").required();
        var staged = stage(role, "");
        assertThat(staged.values()).containsExactly("viewer");
        assertThat(staged.raw()).containsExactly((String) null);
        assertThat(value(Column.integer("qty").defaultValue("1"), null)).isEqualTo(1L);
        assertThat(value(Column.bool("active").defaultValue("ya"), " ")).isEqualTo(Boolean.TRUE);
    }

    @Test
    void defaultValueBreakingItsOwnColumnIsASchemaMistake() {
        Schema schema = Schema.named("t").column(Column.integer("qty").defaultValue("many")).build();
        assertThatThrownBy(() -> RowValidator.forHeader(schema, List.of("qty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'qty': default value 'many' is not a whole number (e.g. 42 or -7)");
    }

    @Test
    void everyBadCellOfARowIsReportedOnce() {
        Schema schema = Schema.named("t")
                .column(Column.string("name").required())
                .column(Column.email("email"))
                .column(Column.integer("age").min(0))
                .build();
        RowValidator validator = RowValidator.forHeader(schema, List.of("name", "email", "age"));
        var staged = validator.validate(row(5, "", "nope", "-3"));
        assertThat(staged.row()).isEqualTo(5);
        assertThat(staged.errors()).extracting("column", "code")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("name", "required"),
                        org.assertj.core.groups.Tuple.tuple("email", "email"),
                        org.assertj.core.groups.Tuple.tuple("age", "min"));
        assertThat(staged.values()).containsExactly(null, null, null);
        assertThat(staged.raw()).containsExactly(null, "nope", "-3");
    }

    @Test
    void longValuesAreCutInMessages() {
        String text = "x".repeat(200);
        var e = error(Column.string("name").label("Name").maxLength(100), text);
        assertThat(e.message()).isEqualTo("Name '" + "x".repeat(59) + "…' is longer than 100 characters.");
    }
}
