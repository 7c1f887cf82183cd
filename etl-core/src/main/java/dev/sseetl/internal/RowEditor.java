package dev.sseetl.internal;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.Replacement;
import dev.sseetl.RowEdit;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.validate.RowValidator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Changes staged rows as a person asks in the preview: edit a row, remove a row, replace a text in one column. Typed
 * values go through {@link RowValidator#revalidate}, the file's own conversion and rules. Uniqueness stays true with
 * one streaming pass over the staged rows after a change that touched a unique column's values: for each value the
 * change added or took away, the first remaining holder is valid and every later one a repeat. The pass keeps only
 * the affected values in memory and costs one read of the buffer (about a second per 1,000,000 staged rows on disk);
 * changes that touch no unique value cost no pass.
 */
final class RowEditor {
    private static final int BATCH = 1_000;

    private final StagingStore staging;
    private final String importId;
    private final Schema schema;
    private final RowValidator validator;

    RowEditor(StagingStore staging, String importId, Schema schema) {
        this.staging = staging;
        this.importId = importId;
        this.schema = schema;
        this.validator = RowValidator.forEdits(schema, importId);
    }

    RowEdit edit(long row, Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            throw ImportException.badRequest("No values to change were sent; send {\"values\": {\"column\": \"text\"}}.");
        }
        Map<Integer, String> typed = typed(values);
        StagedRow old = staging.find(importId, row).orElseThrow(() -> rowNotFound(row));
        StagedRow edited = validator.revalidate(old, typed);
        staging.update(importId, List.of(edited));
        Map<Integer, Set<String>> affected = new HashMap<>();
        collectChanged(old, edited, affected);
        recheckUnique(affected, Set.of(row));
        return new RowEdit(staging.find(importId, row).orElse(edited), staging.summary(importId));
    }

    void remove(long row) {
        StagedRow old = staging.find(importId, row).orElseThrow(() -> rowNotFound(row));
        staging.remove(importId, row);
        Map<Integer, Set<String>> affected = new HashMap<>();
        collectChanged(old, null, affected);
        recheckUnique(affected, Set.of());
    }

    Replacement replace(String column, String find, String replace, RowFilter filter) {
        int index = typed(Map.of(column == null ? "" : column, "")).keySet().iterator().next();
        String wanted = Objects.requireNonNullElse(find, "").trim();
        Map<Integer, String> typed = new HashMap<>();
        typed.put(index, replace == null ? "" : replace);
        Map<Integer, Set<String>> affected = new HashMap<>();
        long changed = 0;
        Set<Long> changedRows = new HashSet<>();
        List<StagedRow> batch = new ArrayList<>(BATCH);
        try (StagingStore.Cursor rows = staging.rows(importId, filter == null ? RowFilter.ALL : filter)) {
            while (rows.hasNext()) {
                StagedRow old = rows.next();
                String text = old.raw().get(index);
                if (!wanted.equals(text == null ? "" : text)) {
                    continue;
                }
                StagedRow edited = validator.revalidate(old, typed);
                collectChanged(old, edited, affected);
                changedRows.add(old.row());
                batch.add(edited);
                if (batch.size() == BATCH) {
                    changed += staging.update(importId, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            changed += staging.update(importId, batch);
        }
        recheckUnique(affected, changedRows);
        return new Replacement(changed, staging.summary(importId));
    }

    /** Column index to typed text; BAD_REQUEST naming the keys the schema does not have. */
    private Map<Integer, String> typed(Map<String, String> values) {
        List<Column> columns = schema.columns();
        Map<Integer, String> typed = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            int index = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).key().equals(e.getKey())) {
                    index = i;
                }
            }
            if (index < 0) {
                unknown.add("'" + e.getKey() + "'");
            } else {
                typed.put(index, e.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            throw ImportException.badRequest("Schema '" + schema.name() + "' has no column " + String.join(", ", unknown)
                    + "; use one of: " + String.join(", ", columns.stream().map(Column::key).toList()) + ".");
        }
        return typed;
    }

    /** Adds the unique values the change took away or added (edited null: the row was removed). */
    private void collectChanged(StagedRow old, StagedRow edited, Map<Integer, Set<String>> affected) {
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).unique()) {
                continue;
            }
            String before = validator.uniqueKey(old, i);
            String after = edited == null ? null : validator.uniqueKey(edited, i);
            // a typed cell lost its repeat error in revalidate, so even an unchanged value is checked again
            if (edited == null || !Objects.equals(before, after) || !old.errors().equals(edited.errors())) {
                Set<String> keys = affected.computeIfAbsent(i, k -> new HashSet<>());
                if (before != null) {
                    keys.add(before);
                }
                if (after != null) {
                    keys.add(after);
                }
            }
        }
    }

    /**
     * Two passes over the staged rows. The holder of each affected value is its first holder in source order among
     * the rows the change did not touch, or, when none holds it, the first changed row that does; every other row
     * with the value repeats it. So a typed value that another row already has is refused, and a value given up
     * passes to its next holder.
     */
    private void recheckUnique(Map<Integer, Set<String>> affected, Set<Long> changedRows) {
        affected.values().removeIf(Set::isEmpty);
        if (affected.isEmpty()) {
            return;
        }
        Map<Integer, Map<String, Long>> firstHolder = new HashMap<>();
        for (boolean untouched : new boolean[]{true, false}) {
            try (StagingStore.Cursor rows = staging.rows(importId, RowFilter.ALL)) {
                while (rows.hasNext()) {
                    StagedRow row = rows.next();
                    if (changedRows.contains(row.row()) == untouched) {
                        continue;
                    }
                    for (Map.Entry<Integer, Set<String>> column : affected.entrySet()) {
                        String key = validator.uniqueKey(row, column.getKey());
                        if (key != null && column.getValue().contains(key)) {
                            firstHolder.computeIfAbsent(column.getKey(), k -> new HashMap<>()).putIfAbsent(key, row.row());
                        }
                    }
                }
            }
            if (changedRows.isEmpty()) {
                break;
            }
        }
        List<StagedRow> batch = new ArrayList<>(BATCH);
        try (StagingStore.Cursor rows = staging.rows(importId, RowFilter.ALL)) {
            while (rows.hasNext()) {
                StagedRow row = rows.next();
                StagedRow checked = row;
                for (Map.Entry<Integer, Set<String>> column : affected.entrySet()) {
                    int i = column.getKey();
                    String key = validator.uniqueKey(checked, i);
                    if (key == null || !column.getValue().contains(key)) {
                        continue;
                    }
                    long holder = firstHolder.get(i).get(key);
                    checked = validator.withRepeat(checked, i, holder == checked.row() ? 0 : holder);
                }
                if (!checked.equals(row)) {
                    batch.add(checked);
                    if (batch.size() == BATCH) {
                        staging.update(importId, batch);
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            staging.update(importId, batch);
        }
    }

    private ImportException rowNotFound(long row) {
        return new ImportException(ErrorCode.NOT_FOUND, "Import " + importId + " has no row " + row + ".");
    }
}
