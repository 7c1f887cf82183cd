package dev.sseetl.validate;

import dev.sseetl.CellError;
import dev.sseetl.ImportException;
import dev.sseetl.StagedRow;
import dev.sseetl.read.RowReader;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.sheet.ReportColumns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Maps one file's header to a {@link Schema} and converts and validates its data rows. Create one per import with
 * {@link #forHeader(Schema, List)}, which compiles every column's rules once; {@link #validate} then costs no regular
 * expression except a column's own {@code pattern}. The validator remembers the values of unique columns seen so far
 * in that file, in bounded memory (about 32 MiB per unique column for a million distinct values). Not thread-safe:
 * feed it the rows in file order from one thread.
 */
public final class RowValidator {
    private final ColumnRule[] rules;
    private final int[] sourceIndex;

    private RowValidator(ColumnRule[] rules, int[] sourceIndex) {
        this.rules = rules;
        this.sourceIndex = sourceIndex;
    }

    /**
     * A validator for a file with this header row. A header cell names a column when it equals the column's key,
     * label or an alias, ignoring case, accents, spaces, underscores, hyphens and dots
     * ({@link Column#normalizeHeader(String)}). Optional columns may be missing (their values are empty, or their
     * default); header cells that name no column are ignored unless the schema is strict.
     *
     * @throws ImportException          INVALID_FILE when the header is empty, when two header cells name the same
     *                                  column (both are named), when required columns are missing (every one is named
     *                                  by label), or when a strict schema meets columns it does not know (all named)
     * @throws IllegalArgumentException when a column's default value breaks its own rules (a mistake in the schema)
     */
    public static RowValidator forHeader(Schema schema, List<String> header) {
        Objects.requireNonNull(schema, "schema");
        List<Column> columns = schema.columns();
        if (header == null || header.stream().allMatch(cell -> ColumnRule.text(cell) == null)) {
            throw ImportException.invalidFile("The file is empty: it has no header row. Download the template for '"
                    + schema.name() + "', fill in your rows below its header and upload it again.");
        }
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            for (String name : columns.get(i).headerNames()) {
                byName.putIfAbsent(name, i);
            }
        }
        int[] sourceIndex = new int[columns.size()];
        Arrays.fill(sourceIndex, -1);
        List<String> unknown = new ArrayList<>();
        List<String> clashes = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            String cell = ColumnRule.text(header.get(j));
            if (cell == null) {
                continue;
            }
            Integer column = byName.get(Column.normalizeHeader(cell));
            if (column == null) {
                if (!REPORT_COLUMNS.contains(Column.normalizeHeader(cell))) {
                    unknown.add(cell);
                }
            } else if (sourceIndex[column] >= 0) {
                clashes.add("'" + ColumnRule.text(header.get(sourceIndex[column])) + "' and '" + cell + "' both name the column "
                        + columns.get(column).label());
            } else {
                sourceIndex[column] = j;
            }
        }
        if (!clashes.isEmpty()) {
            throw ImportException.invalidFile("The header row names a column twice: " + String.join("; ", clashes)
                    + ". Keep one of each and upload the file again.");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (sourceIndex[i] < 0 && columns.get(i).required()) {
                missing.add(columns.get(i).label());
            }
        }
        if (!missing.isEmpty()) {
            throw ImportException.invalidFile("The file lacks the required " + (missing.size() == 1 ? "column " : "columns ")
                    + String.join(", ", missing) + ". Add " + (missing.size() == 1 ? "it" : "them")
                    + " to the header row (the template shows every column); the header row has: "
                    + header.stream().map(ColumnRule::text).filter(Objects::nonNull).collect(Collectors.joining(", ")) + ".");
        }
        if (schema.strict() && !unknown.isEmpty()) {
            throw ImportException.invalidFile("The file has " + (unknown.size() == 1 ? "a column" : "columns")
                    + " that '" + schema.name() + "' does not know: "
                    + unknown.stream().map(u -> "'" + u + "'").collect(Collectors.joining(", "))
                    + ". Remove " + (unknown.size() == 1 ? "it" : "them") + " or rename to one of: "
                    + columns.stream().map(Column::label).collect(Collectors.joining(", ")) + ".");
        }
        ColumnRule[] rules = new ColumnRule[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new ColumnRule(columns.get(i));
        }
        return new RowValidator(rules, sourceIndex);
    }

    /**
     * A validator of cells a person typed for rows already staged with this schema: values are aligned with the
     * schema's columns, and unique values are not remembered (see {@link #revalidate}).
     */
    public static RowValidator forEdits(Schema schema) {
        List<Column> columns = schema.columns();
        ColumnRule[] rules = new ColumnRule[columns.size()];
        int[] identity = new int[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new ColumnRule(columns.get(i), false);
            identity[i] = i;
        }
        return new RowValidator(rules, identity);
    }

    /**
     * The staged row with some cells typed again: each typed text (blank means empty) goes through the same
     * conversion and rules as a file's cell, replacing that cell's value, raw text and error; the other cells keep
     * theirs. The result is marked edited. Uniqueness is not checked here (the caller re-checks the whole buffer).
     *
     * @param typed column index to the text typed for it
     */
    public StagedRow revalidate(StagedRow row, Map<Integer, String> typed) {
        Object[] values = row.values().toArray();
        String[] raw = row.raw().toArray(new String[0]);
        List<CellError> errors = new ArrayList<>(row.errors());
        for (Map.Entry<Integer, String> cell : typed.entrySet()) {
            int i = cell.getKey();
            String key = rules[i].column().key();
            errors.removeIf(e -> key.equals(e.column()));
            String text = ColumnRule.text(cell.getValue());
            raw[i] = text;
            Object value = rules[i].apply(text, text, row.row());
            if (value instanceof CellError error) {
                errors.add(error);
                values[i] = null;
            } else {
                values[i] = value;
            }
        }
        return StagedRow.of(row.row(), values, raw, errors, true);
    }

    /**
     * The text that makes two cells of unique column {@code i} the same value, or null when the cell holds none:
     * its converted value's, or, for a cell refused only as a repeat, its raw text's after conversion.
     */
    public String uniqueKey(StagedRow row, int i) {
        Object value = row.values().get(i);
        if (value == null) {
            String key = rules[i].column().key();
            boolean repeated = row.errors().stream().anyMatch(e -> key.equals(e.column()) && "unique".equals(e.code()));
            String text = row.raw().get(i);
            if (!repeated || text == null) {
                return null;
            }
            value = rules[i].apply(text, text, row.row());
            if (value == null || value instanceof CellError) {
                return null;
            }
        }
        return rules[i].uniqueKey(value);
    }

    /** The row with column {@code i}'s repeat error set (first holder in row {@code first}) or cleared (0). */
    public StagedRow withRepeat(StagedRow row, int i, long first) {
        String key = rules[i].column().key();
        List<CellError> errors = new ArrayList<>(row.errors());
        boolean had = errors.removeIf(e -> key.equals(e.column()) && "unique".equals(e.code()));
        Object[] values = row.values().toArray();
        if (first != 0) {
            errors.add(rules[i].uniqueError(row.raw().get(i), first));
            values[i] = null;
        } else if (had) {
            String text = row.raw().get(i);
            Object value = rules[i].apply(text, text, row.row());
            values[i] = value instanceof CellError ? null : value;
        }
        return StagedRow.of(row.row(), values, row.raw().toArray(new String[0]), errors, row.edited());
    }

    /** The columns an error report adds; never "unknown", so a strict schema takes its own corrected report back. */
    private static final java.util.Set<String> REPORT_COLUMNS = ReportColumns.headers().stream()
            .map(Column::normalizeHeader).collect(Collectors.toUnmodifiableSet());

    /**
     * Converts and checks one data row. The staged row keeps the source row number; its values and raw texts are
     * aligned with {@link Schema#columns()} (a value is null where the cell is empty or refused; a raw text is null
     * where the cell is empty); every problem becomes a {@link CellError}, one per cell at most. Cells beyond the
     * header are ignored. A value of a unique column that was already seen in an earlier row is refused with code
     * {@code unique}; its first occurrence stays valid.
     */
    public StagedRow validate(RowReader.SourceRow row) {
        List<Object> cells = row.cells();
        int width = cells.size();
        Object[] values = new Object[rules.length];
        String[] raw = new String[rules.length];
        List<CellError> errors = List.of();
        for (int i = 0; i < rules.length; i++) {
            int source = sourceIndex[i];
            Object cell = source >= 0 && source < width ? cells.get(source) : null;
            String text = ColumnRule.text(cell);
            raw[i] = text;
            Object value = rules[i].apply(cell, text, row.row());
            if (value instanceof CellError error) {
                if (errors.isEmpty()) {
                    errors = new ArrayList<>(2);
                }
                errors.add(error);
            } else {
                values[i] = value;
            }
        }
        return StagedRow.of(row.row(), values, raw, errors);
    }
}
