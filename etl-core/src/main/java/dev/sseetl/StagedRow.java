package dev.sseetl;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One row of the staging buffer.
 *
 * @param row    the source row number as a spreadsheet shows it: header = 1, first data row = 2
 * @param values converted values aligned with the schema's columns (String, Long, BigDecimal, Boolean,
 *               LocalDate, LocalDateTime or null); null where the cell could not be converted
 * @param raw    the source text of each schema column's cell (null where the cell was empty), aligned the same way
 * @param errors every problem found in the row; empty when the row is valid
 * @param edited true when a person changed the row's values in the preview (see
 *               {@link dev.sseetl.EtlEngine#editRow}); its raw texts are then what they typed
 */
public record StagedRow(long row, List<Object> values, List<String> raw, List<CellError> errors, boolean edited) {
    public StagedRow {
        values = values instanceof Frozen<Object> ? values : Collections.unmodifiableList(new ArrayList<>(values));
        raw = raw instanceof Frozen<String> ? raw : Collections.unmodifiableList(new ArrayList<>(raw));
        errors = List.copyOf(errors);
    }

    /** A row as read from the file: not edited. */
    public StagedRow(long row, List<Object> values, List<String> raw, List<CellError> errors) {
        this(row, values, raw, errors, false);
    }

    /**
     * A staged row that takes the two arrays over instead of copying them, for code that builds many rows (a
     * validator, a staging store reading rows back). The caller must not change the arrays afterwards; the row's
     * lists are unmodifiable views of them, equal to lists of the same elements.
     *
     * @param row    the source row number (header = 1)
     * @param values converted values aligned with the schema's columns, nulls allowed
     * @param raw    source texts aligned the same way, nulls allowed
     * @param errors every problem found in the row; empty when the row is valid
     */
    public static StagedRow of(long row, Object[] values, String[] raw, List<CellError> errors) {
        return of(row, values, raw, errors, false);
    }

    /** Like {@link #of(long, Object[], String[], List)}, marking the row as edited or not. */
    public static StagedRow of(long row, Object[] values, String[] raw, List<CellError> errors, boolean edited) {
        return new StagedRow(row, new Frozen<>(Objects.requireNonNull(values, "values")),
                new Frozen<>(Objects.requireNonNull(raw, "raw")), errors, edited);
    }

    /** An unmodifiable list over an array nobody changes any more; allows nulls, unlike {@link List#of}. */
    private static final class Frozen<T> extends AbstractList<T> implements RandomAccess {
        private final T[] elements;

        Frozen(T[] elements) {
            this.elements = elements;
        }

        @Override
        public T get(int index) {
            return elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }

    /** True when the row has no error. */
    public boolean valid() {
        return errors.isEmpty();
    }
}
