package dev.sseetl.validate;

import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.sseetl.validate.Cells.row;
import static org.assertj.core.api.Assertions.assertThat;

class UniqueValuesTest {

    private static RowValidator validator(Column.Builder column) {
        Column built = column.build();
        return RowValidator.forHeader(Schema.named("t").column(built).build(), List.of(built.key()));
    }

    @Test
    void aRepeatedValueMakesTheLaterRowInvalidNamingTheFirstRow() {
        RowValidator v = validator(Column.string("sku").label("SKU").unique());
        assertThat(v.validate(row(2, "A-1")).valid()).isTrue();
        assertThat(v.validate(row(3, "B-2")).valid()).isTrue();
        StagedRow again = v.validate(row(7, " A-1 "));
        assertThat(again.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("unique");
            assertThat(e.column()).isEqualTo("sku");
            assertThat(e.message()).isEqualTo("SKU 'A-1' already appears in row 2.");
        });
        assertThat(again.values()).containsExactly((Object) null);
        assertThat(v.validate(row(8, "A-1")).errors()).extracting("message").containsExactly("SKU 'A-1' already appears in row 2.");
    }

    @Test
    void stringsAreComparedWithCaseButEmailsWithout() {
        RowValidator sku = validator(Column.string("sku").unique());
        assertThat(sku.validate(row(2, "abc")).valid()).isTrue();
        assertThat(sku.validate(row(3, "ABC")).valid()).isTrue();

        RowValidator email = validator(Column.email("email").label("Email").unique());
        assertThat(email.validate(row(2, "Ada@Example.com")).values()).containsExactly("Ada@Example.com");
        assertThat(email.validate(row(3, "ada@example.COM")).errors()).extracting("message")
                .containsExactly("Email 'ada@example.COM' already appears in row 2.");
    }

    @Test
    void numbersAreComparedByValue() {
        RowValidator v = validator(Column.decimal("price").unique());
        assertThat(v.validate(row(2, "1.5")).valid()).isTrue();
        assertThat(v.validate(row(3, "1.50")).errors()).extracting("code").containsExactly("unique");
        assertThat(v.validate(row(4, new BigDecimal("1.500"))).errors()).extracting("code").containsExactly("unique");
        RowValidator ints = validator(Column.integer("n").unique());
        assertThat(ints.validate(row(2, "7")).valid()).isTrue();
        assertThat(ints.validate(row(3, "+007")).errors()).extracting("code").containsExactly("unique");
    }

    @Test
    void emptyAndInvalidCellsAreNotRemembered() {
        RowValidator v = validator(Column.integer("n").unique());
        assertThat(v.validate(row(2, "")).valid()).isTrue();
        assertThat(v.validate(row(3, "")).valid()).isTrue();
        assertThat(v.validate(row(4, "x")).errors()).extracting("code").containsExactly("type");
        assertThat(v.validate(row(5, "x")).errors()).extracting("code").containsExactly("type");
    }

    @Test
    void eachImportStartsAfresh() {
        Column.Builder sku = Column.string("sku").unique();
        assertThat(validator(sku).validate(row(2, "A")).valid()).isTrue();
        assertThat(validator(sku).validate(row(2, "A")).valid()).isTrue();
    }

    @Test
    void aMillionDistinctValuesStayDistinctAndEveryRepeatIsCaught() {
        RowValidator v = validator(Column.string("code").unique());
        int rows = 1_000_000;
        for (int i = 0; i < rows; i++) {
            StagedRow staged = v.validate(row(i + 2, "code-" + i));
            if (!staged.valid()) {
                throw new AssertionError("row " + (i + 2) + " wrongly refused: " + staged.errors());
            }
        }
        for (int i = 0; i < rows; i += 9973) {
            assertThat(v.validate(row(rows + 2 + i, "code-" + i)).errors()).extracting("message")
                    .containsExactly("code 'code-" + i + "' already appears in row " + (i + 2) + ".");
        }
    }

    @Test
    void tableKeepsRowNumbersAndGrows() {
        UniqueValues values = new UniqueValues();
        for (int i = 1; i <= 100_000; i++) {
            assertThat(values.firstRowOrAdd(Integer.toString(i), i)).isZero();
        }
        assertThat(values.size()).isEqualTo(100_000);
        assertThat(values.firstRowOrAdd("77777", 500_000)).isEqualTo(77777);
        assertThat(values.firstRowOrAdd("", 1)).isZero();
        assertThat(values.firstRowOrAdd("", 2)).isEqualTo(1);
        assertThat(values.firstRowOrAdd("big", 5_000_000_000L)).isZero();
        assertThat(values.firstRowOrAdd("big", 5_000_000_001L)).isEqualTo(-1);
    }

    @Test
    void hashesWithSipHash24Of128Bits() {
        // the reference test vector for the empty message under the key 00 01 02 ... 0f
        long[] empty = new UniqueValues(0x0706050403020100L, 0x0f0e0d0c0b0a0908L).hashOf("");
        assertThat(empty).containsExactly(0x930255c71472f66dL, 0xe6a825ba047f81a3L);
    }

    @Test
    void everyTableHasItsOwnRandomKey() {
        assertThat(new UniqueValues().hashOf("ACME-0001")).isNotEqualTo(new UniqueValues().hashOf("ACME-0001"));
        RowValidator first = validator(Column.string("sku").unique());
        RowValidator second = validator(Column.string("sku").unique());
        assertThat(first.validate(row(2, "ACME-0001")).valid()).isTrue();
        assertThat(second.validate(row(2, "ACME-0001")).valid()).isTrue();
        assertThat(second.validate(row(3, "ACME-0001")).errors()).extracting("code").containsExactly("unique");
    }

    @Test
    void valuesCraftedToCrowdOneSlotUnderOneKeySpreadUnderAnother() {
        UniqueValues known = new UniqueValues(1, 2);
        int slots = 1024;
        int target = known.slotOf("crafted-0", slots);
        List<String> crafted = new java.util.ArrayList<>();
        for (int i = 1; crafted.size() < 32; i++) {
            if (known.slotOf("crafted-" + i, slots) == target) {
                crafted.add("crafted-" + i);
            }
        }
        UniqueValues other = new UniqueValues();
        long distinctSlots = crafted.stream().mapToInt(v -> other.slotOf(v, slots)).distinct().count();
        assertThat(distinctSlots).as("32 values on one slot under the known key").isGreaterThan(24);
    }
}
