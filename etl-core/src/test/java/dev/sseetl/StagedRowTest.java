package dev.sseetl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagedRowTest {
    @Test
    void theConstructorCopiesItsListsSoLaterChangesDoNotShowThrough() {
        List<Object> values = new ArrayList<>(Arrays.asList("Ada", null));
        List<String> raw = new ArrayList<>(Arrays.asList("Ada", null));
        StagedRow row = new StagedRow(2, values, raw, List.of());
        values.set(0, "Bob");
        raw.set(0, "Bob");
        assertThat(row.values()).containsExactly("Ada", null);
        assertThat(row.raw()).containsExactly("Ada", null);
        assertThatThrownBy(() -> row.values().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofTakesTheArraysOverAsUnmodifiableListsEqualToTheConstructorsRow() {
        CellError error = new CellError("age", "min", "Age must be 0 or more");
        StagedRow taken = StagedRow.of(3, new Object[]{"Ada", null, 36L}, new String[]{"Ada", null, "36"},
                List.of(error));
        StagedRow built = new StagedRow(3, Arrays.asList("Ada", null, 36L), Arrays.asList("Ada", null, "36"),
                List.of(error));
        assertThat(taken).isEqualTo(built).hasSameHashCodeAs(built).hasToString(built.toString());
        assertThat(taken.valid()).isFalse();
        assertThatThrownBy(() -> taken.values().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> taken.raw().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new StagedRow(taken.row(), taken.values(), taken.raw(), taken.errors()).values())
                .as("a row's own lists are not copied again").isSameAs(taken.values());
    }
}
