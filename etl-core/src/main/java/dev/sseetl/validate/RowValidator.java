package dev.sseetl.validate;

import dev.sseetl.CellError;
import dev.sseetl.ImportException;
import dev.sseetl.StagedRow;
import dev.sseetl.read.RowReader;
import dev.sseetl.rules.RowRule;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.sheet.ReportColumns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Schema schema;
    private final RowRule[] rowRules;
    private final HostRules host;

    private RowValidator(Schema schema, ColumnRule[] rules, int[] sourceIndex, HostRules host) {
        this.schema = schema;
        this.rules = rules;
        this.sourceIndex = sourceIndex;
        this.rowRules = schema.rules().toArray(RowRule[]::new);
        this.host = host;
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
        return forHeader(schema, header, null);
    }

    /**
     * {@link #forHeader(Schema, List)} for one import, whose id the log names when a host rule throws.
     *
     * @param importId the import's id, or null
     */
    public static RowValidator forHeader(Schema schema, List<String> header, String importId) {
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
        HostRules host = new HostRules(importId);
        ColumnRule[] rules = new ColumnRule[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new ColumnRule(columns.get(i), host);
        }
        return new RowValidator(schema, rules, sourceIndex, host);
    }

    /**
     * A validator of cells a person typed for rows already staged with this schema: values are aligned with the
     * schema's columns, and unique values are not remembered (see {@link #revalidate}).
     */
    public static RowValidator forEdits(Schema schema, String importId) {
        List<Column> columns = schema.columns();
        HostRules host = new HostRules(importId);
        ColumnRule[] rules = new ColumnRule[columns.size()];
        int[] identity = new int[columns.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new ColumnRule(columns.get(i), host, false);
            identity[i] = i;
        }
        return new RowValidator(schema, rules, identity, host);
    }

    /**
     * The staged row with some cells typed again: each typed text (blank means empty) goes through the same
     * conversion and rules (host rules included) as a file's cell, replacing that cell's value, raw text and error;
     * the other cells keep their values, and the schema's row rules run again over the whole row. The result is marked
     * edited. Uniqueness is not checked here (the caller re-checks the whole buffer).
     *
     * @param typed column index to the text typed for it
     */
    public StagedRow revalidate(StagedRow row, Map<Integer, String> typed) {
        Object[] values = row.values().toArray();
        String[] raw = row.raw().toArray(new String[0]);
        List<CellError> errors = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
            String key = rules[i].column().key();
            String text;
            if (typed.containsKey(i)) {
                text = ColumnRule.text(typed.get(i));
                raw[i] = text;
            } else {
                // an untouched cell keeps its value and its repeat error (the caller re-checks uniqueness); a cell
                // that had an error of its own is checked again, so only the row rules' verdicts are new
                boolean repeated = false;
                for (CellError e : row.errors()) {
                    if (key.equals(e.column()) && "unique".equals(e.code())) {
                        errors.add(e);
                        repeated = true;
                    }
                }
                if (values[i] != null || repeated) {
                    continue;
                }
                text = raw[i];
            }
            Object value = rules[i].apply(text, text, row.row());
            if (value instanceof CellError error) {
                errors.add(error);
                values[i] = null;
            } else {
                values[i] = value;
            }
        }
        if (rowRules.length > 0) {
            errors = checkRow(row.row(), values, raw, errors);
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
     * {@code unique}; its first occurrence stays valid. The host's transforms and cell checks run per cell (see
     * {@link Column#transforms()}, {@link Column#checks()}), then the schema's {@link Schema#rules() row rules} see
     * the whole row; a host rule that throws gives {@code rule_failed}. Look-ups ({@link Column#lookup()}) are not
     * asked here: they are batched over many rows by the engine.
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
        if (rowRules.length > 0) {
            errors = checkRow(row.row(), values, raw, errors);
        }
        return StagedRow.of(row.row(), values, raw, errors);
    }

    /** Runs the row rules; a refusal of a cell that already has an error is dropped (one error per cell). */
    private List<CellError> checkRow(long number, Object[] values, String[] raw, List<CellError> cellErrors) {
        List<CellError> errors = new ArrayList<>(cellErrors);
        RowView view = new RowView(number, values, raw);
        for (int r = 0; r < rowRules.length; r++) {
            RowRule rule = rowRules[r];
            List<CellError> found = new ArrayList<>(1);
            try {
                rule.check(view, (rejection, column, more) -> {
                    Objects.requireNonNull(rejection, "rejection");
                    found.add(rejection.toError(column, label(column), raw[index(column)]));
                    for (String other : more) {
                        found.add(rejection.toError(other, label(other), raw[index(other)]));
                    }
                });
            } catch (RuntimeException e) {
                host.failed("row rule " + (r + 1) + " of schema '" + schema.name() + "'", number, e);
                String first = schema.columns().get(0).key();
                errors.add(new CellError(first, "rule_failed", "This row could not be checked because of an error"
                        + " on the server; try again later, and if it fails again, tell the site's administrators."));
                continue;
            }
            for (CellError e : found) {
                if (errors.stream().noneMatch(x -> x.column().equals(e.column()))) {
                    errors.add(e);
                }
            }
        }
        return errors;
    }

    private int index(String key) {
        int i = schema.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' has no column '" + key + "'");
        }
        return i;
    }

    private String label(String key) {
        return schema.columns().get(index(key)).label();
    }

    /** One row as a row rule sees it. */
    private final class RowView implements RowRule.Row {
        private final long number;
        private final Object[] values;
        private final String[] raw;

        RowView(long number, Object[] values, String[] raw) {
            this.number = number;
            this.values = values;
            this.raw = raw;
        }

        @Override
        public long number() {
            return number;
        }

        @Override
        public Object get(String key) {
            return values[index(key)];
        }

        @Override
        public String raw(String key) {
            return raw[index(key)];
        }

        @Override
        public Map<String, Object> values() {
            Map<String, Object> all = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                all.put(schema.columns().get(i).key(), values[i]);
            }
            return Collections.unmodifiableMap(all);
        }
    }
}
