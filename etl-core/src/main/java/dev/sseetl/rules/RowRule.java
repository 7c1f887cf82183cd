package dev.sseetl.rules;

import dev.sseetl.rules.Rejection;

import java.util.Map;

/**
 * The host's check across the cells of one row ("the end date follows the start date", "a phone number or an
 * e-mail address"), run after every cell of the row was converted and checked. It reports refusals against one or
 * more columns; each becomes that column's error "Label 'text' phrase." (or "Label phrase." for an empty cell) with
 * the rejection's code. A rule that throws makes the row invalid with code {@code rule_failed}.
 */
@FunctionalInterface
public interface RowRule {
    /** Checks {@code row}, reporting each problem to {@code errors}. */
    void check(Row row, Errors errors);

    /** The converted values of one row, read-only. */
    interface Row {
        /** The source row number as a spreadsheet shows it (header = 1). */
        long number();

        /**
         * The converted value of the column {@code key}; null where the cell is empty or was refused.
         *
         * @throws IllegalArgumentException when the schema has no column {@code key}
         */
        Object get(String key);

        /** The value of the column {@code key} as {@code type}; null where empty or refused. */
        default <T> T get(String key, Class<T> type) {
            return type.cast(get(key));
        }

        /** True when the column {@code key} has a value (its cell was neither empty nor refused). */
        default boolean has(String key) {
            return get(key) != null;
        }

        /** The cell's text as read, null where it was empty. */
        String raw(String key);

        /** Every column's converted value by key, in schema order (nulls kept), unmodifiable. */
        Map<String, Object> values();
    }

    /** Where a row rule reports what is wrong. */
    interface Errors {
        /** Refuses the cells of {@code column} and the {@code more} columns, each with {@code rejection}. */
        void reject(Rejection rejection, String column, String... more);
    }
}
