package dev.sseetl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of the staging buffer.
 *
 * @param row    the source row number as a spreadsheet shows it: header = 1, first data row = 2
 * @param values converted values aligned with the schema's columns (String, Long, BigDecimal, Boolean,
 *               LocalDate, LocalDateTime or null); null where the cell could not be converted
 * @param raw    the source text of each schema column's cell (null where the cell was empty), aligned the same way
 * @param errors every problem found in the row; empty when the row is valid
 */
public record StagedRow(long row, List<Object> values, List<String> raw, List<CellError> errors) {
    public StagedRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
        raw = Collections.unmodifiableList(new ArrayList<>(raw));
        errors = List.copyOf(errors);
    }

    /** True when the row has no error. */
    public boolean valid() {
        return errors.isEmpty();
    }
}
