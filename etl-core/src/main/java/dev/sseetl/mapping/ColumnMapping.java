package dev.sseetl.mapping;

import dev.sseetl.ImportException;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which schema column each column of one file feeds: for every file column (by index in the header row) the schema
 * column key or none, with {@link MatchKind how} it was found and a score from 0 to 1. A schema column takes at most
 * one file column. Immutable: {@link #withChanges} returns a new mapping. Build one with
 * {@link MappingSuggester#suggest}.
 */
public final class ColumnMapping {
    /**
     * One column of the file.
     *
     * @param index  its position in the header row, from 0
     * @param header the header cell as written (trimmed), or the empty string when the cell is empty
     * @param column the key of the schema column it feeds, or null when it is ignored
     * @param how    how the mapping was found ({@link MatchKind#NONE} when ignored)
     * @param score  confidence from 0 to 1 (1 for exact, remembered and manual; 0 when ignored)
     */
    public record FileColumn(int index, String header, String column, MatchKind how, double score) {
        public FileColumn {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(how, "how");
            if ((column == null) != (how == MatchKind.NONE)) {
                throw new IllegalArgumentException("a file column is ignored exactly when how is none: " + column + ", " + how);
            }
        }

        /** True when this file column feeds no schema column. */
        public boolean ignored() {
            return column == null;
        }

        static FileColumn ignored(int index, String header) {
            return new FileColumn(index, header, null, MatchKind.NONE, 0);
        }
    }

    private final Schema schema;
    private final List<FileColumn> fileColumns;
    private final boolean alwaysConfirm;
    private final boolean confirmed;

    ColumnMapping(Schema schema, List<FileColumn> fileColumns, boolean alwaysConfirm, boolean confirmed) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.fileColumns = List.copyOf(fileColumns);
        this.alwaysConfirm = alwaysConfirm;
        this.confirmed = confirmed;
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < this.fileColumns.size(); i++) {
            FileColumn f = this.fileColumns.get(i);
            if (f.index() != i) {
                throw new IllegalArgumentException("file column " + i + " has index " + f.index());
            }
            if (f.column() != null && (schema.indexOf(f.column()) < 0 || !taken.add(f.column()))) {
                throw new IllegalArgumentException("column '" + f.column() + "' is unknown or taken twice");
            }
        }
    }

    /** The schema this mapping is for. */
    public Schema schema() { return schema; }

    /** One entry per header cell, in file order. */
    public List<FileColumn> fileColumns() { return fileColumns; }

    /** The headers of the file columns that feed no schema column (empty header cells left out), in file order. */
    public List<String> ignored() {
        return fileColumns.stream().filter(f -> f.ignored() && !f.header().isEmpty()).map(FileColumn::header).toList();
    }

    /** Keys of the required schema columns no file column feeds, in schema order. */
    public List<String> missingRequired() {
        int[] from = sourceIndexes();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 && schema.columns().get(i).required()) {
                missing.add(schema.columns().get(i).key());
            }
        }
        return missing;
    }

    /**
     * For every schema column (in {@link Schema#columns()} order) the index of the file column that feeds it, or -1.
     * A new array on every call.
     */
    public int[] sourceIndexes() {
        int[] from = new int[schema.columns().size()];
        Arrays.fill(from, -1);
        for (FileColumn f : fileColumns) {
            if (f.column() != null) {
                from[schema.indexOf(f.column())] = f.index();
            }
        }
        return from;
    }

    /** True when a person chose this mapping: it came from {@link #withChanges} or was remembered. */
    public boolean confirmed() { return confirmed; }

    /**
     * True when the import should wait for a person to confirm this mapping: unless {@link #confirmed()}, when the
     * schema asks for confirmation always, when a required column has no file column, when a suggestion came from
     * fuzzy matching, when a file column with a header is ignored while a schema column is also unmatched, or when
     * two header cells are the same (after normalising), so one of them would be dropped unseen.
     */
    public boolean needsConfirmation() {
        if (confirmed) {
            return false;
        }
        if (alwaysConfirm || !missingRequired().isEmpty()) {
            return true;
        }
        if (!distinctHeaders(fileColumns.stream().map(FileColumn::header).toList())) {
            return true;
        }
        boolean schemaColumnUnmatched = Arrays.stream(sourceIndexes()).anyMatch(i -> i < 0);
        return fileColumns.stream().anyMatch(f -> f.how() == MatchKind.FUZZY
                || (f.ignored() && !f.header().isEmpty() && schemaColumnUnmatched));
    }

    /**
     * This mapping with a person's changes applied and checked: each entry maps a file column index to the key of
     * the schema column it should feed, or to null to ignore it; file columns not listed keep their mapping. A
     * changed column is {@link MatchKind#MANUAL} with score 1, and the result is {@link #confirmed()}.
     *
     * @param changes file column index -> schema column key or null (a map that allows null values)
     * @throws ImportException BAD_REQUEST naming the problem: a file column index that does not exist, an unknown
     *                         column key, two file columns on one schema column, or a required column left unmapped
     */
    public ColumnMapping withChanges(Map<Integer, String> changes) {
        Objects.requireNonNull(changes, "changes");
        List<FileColumn> result = new ArrayList<>(fileColumns);
        for (Map.Entry<Integer, String> change : new LinkedHashMap<>(changes).entrySet()) {
            Integer index = change.getKey();
            if (index == null || index < 0 || index >= fileColumns.size()) {
                throw ImportException.badRequest("The file has no column " + index + "; its columns are numbered 0 to "
                        + (fileColumns.size() - 1) + ".");
            }
            String key = change.getValue();
            if (key != null && schema.indexOf(key) < 0) {
                throw ImportException.badRequest("'" + schema.name() + "' has no column '" + key + "'; its columns are "
                        + schema.columns().stream().map(Column::key).collect(Collectors.joining(", ")) + ".");
            }
            String header = fileColumns.get(index).header();
            result.set(index, key == null ? FileColumn.ignored(index, header)
                    : new FileColumn(index, header, key, MatchKind.MANUAL, 1));
        }
        Map<String, List<String>> headersByKey = new LinkedHashMap<>();
        for (FileColumn f : result) {
            if (f.column() != null) {
                headersByKey.computeIfAbsent(f.column(), k -> new ArrayList<>()).add(describe(f));
            }
        }
        List<String> twice = headersByKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> label(e.getKey()) + " (" + String.join(" and ", e.getValue()) + ")").toList();
        if (!twice.isEmpty()) {
            throw ImportException.badRequest("Each field can take one file column, but " + String.join("; ", twice)
                    + (twice.size() == 1 ? " is" : " are") + " chosen for more than one. Ignore all but one.");
        }
        ColumnMapping changed = new ColumnMapping(schema, result, alwaysConfirm, true);
        List<String> missing = changed.missingRequired();
        if (!missing.isEmpty()) {
            throw ImportException.badRequest("The required " + (missing.size() == 1 ? "field " : "fields ")
                    + missing.stream().map(this::label).collect(Collectors.joining(", "))
                    + (missing.size() == 1 ? " has" : " have") + " no file column; choose one for "
                    + (missing.size() == 1 ? "it." : "each."));
        }
        return changed;
    }

    /**
     * What {@link dev.sseetl.spi.MappingMemory} keeps of this mapping: the normalised header of every file column
     * that feeds a schema column, with that column's key (the other headers of {@link #headerSet()} are ignored).
     * Empty when two header cells are the same once normalised: such a mapping cannot be told apart by header.
     */
    public Optional<Map<String, String>> keysByHeader() {
        Map<String, String> keys = new HashMap<>();
        if (!distinctHeaders(fileColumns.stream().map(FileColumn::header).toList())) {
            return Optional.empty();
        }
        for (FileColumn f : fileColumns) {
            if (f.column() != null) {
                keys.put(Column.normalizeHeader(f.header()), f.column());
            }
        }
        return Optional.of(Map.copyOf(keys));
    }

    /** The normalised, non-empty headers of this file: with the schema and owner, what a remembered mapping is for. */
    public Set<String> headerSet() {
        return headerSet(fileColumns.stream().map(FileColumn::header).toList());
    }

    static Set<String> headerSet(List<String> headers) {
        return headers.stream().map(Column::normalizeHeader).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** True when no two non-empty header cells are the same once normalised. */
    static boolean distinctHeaders(List<String> headers) {
        Set<String> seen = new HashSet<>();
        return headers.stream().map(Column::normalizeHeader).filter(h -> !h.isEmpty()).allMatch(seen::add);
    }

    private String describe(FileColumn f) {
        return f.header().isEmpty() ? "column " + (f.index() + 1) : "'" + f.header() + "'";
    }

    private String label(String key) {
        return schema.column(key).map(Column::label).orElse(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnMapping m && m.schema == schema && m.fileColumns.equals(fileColumns)
                && m.alwaysConfirm == alwaysConfirm && m.confirmed == confirmed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema.name(), fileColumns, alwaysConfirm, confirmed);
    }

    @Override
    public String toString() {
        return "ColumnMapping[" + fileColumns.stream()
                .map(f -> f.header() + "->" + (f.column() == null ? "-" : f.column() + ":" + f.how().wireName()))
                .collect(Collectors.joining(", ")) + "]";
    }
}
