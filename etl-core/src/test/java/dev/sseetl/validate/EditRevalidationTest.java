package dev.sseetl.validate;

import dev.sseetl.StagedRow;
import dev.sseetl.rules.Rejection;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static dev.sseetl.validate.Cells.row;
import static org.assertj.core.api.Assertions.assertThat;

/** An edited row goes through the host rules too: cell checks on the typed cell, row rules over the whole row. */
class EditRevalidationTest {
    private final Schema schema = Schema.named("periods")
            .column(Column.date("start").label("Start"))
            .column(Column.date("end").label("End"))
            .rule((row, errors) -> {
                LocalDate start = row.get("start", LocalDate.class);
                LocalDate end = row.get("end", LocalDate.class);
                if (start != null && end != null && end.isBefore(start)) {
                    errors.reject(Rejection.of("end_before_start", "is before the start"), "end");
                }
            })
            .build();

    @Test
    void editingTheOtherCellOfARowRuleClearsItsError() {
        StagedRow staged = RowValidator.forHeader(schema, List.of("start", "end")).validate(row(2, "2024-06-01", "2024-05-01"));
        assertThat(staged.errors()).extracting("code").containsExactly("end_before_start");

        StagedRow fixed = RowValidator.forEdits(schema, "x").revalidate(staged, Map.of(0, "2024-04-01"));

        assertThat(fixed.errors()).isEmpty();
        assertThat(fixed.values()).containsExactly(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 1));
        assertThat(fixed.edited()).isTrue();
    }

    @Test
    void anEditThatBreaksARowRuleIsRefused() {
        StagedRow staged = RowValidator.forHeader(schema, List.of("start", "end")).validate(row(2, "2024-01-01", "2024-05-01"));
        assertThat(staged.errors()).isEmpty();

        StagedRow broken = RowValidator.forEdits(schema, "x").revalidate(staged, Map.of(0, "2024-09-01"));

        assertThat(broken.errors()).extracting("column", "code").containsExactly(
                org.assertj.core.groups.Tuple.tuple("end", "end_before_start"));
    }
}
