package dev.sseetl.schema;

import dev.sseetl.rules.RowRule;
import dev.sseetl.spi.CommitTarget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an import file must look like and where its rows go: a name, ordered columns, an optional unique key (used
 * for upserts) and a commit target. Immutable; build with {@link #named(String)}.
 */
public final class Schema {
    private final String name;
    private final List<Column> columns;
    private final List<String> uniqueKey;
    private final boolean strict;
    private final CommitTarget target;
    private final String table;
    private final List<RowRule> rules;

    private Schema(Builder b) {
        this.name = b.name;
        this.columns = List.copyOf(b.columns);
        this.uniqueKey = List.copyOf(b.uniqueKey);
        this.strict = b.strict;
        this.target = b.target;
        this.table = b.table;
        this.rules = List.copyOf(b.rules);
    }

    /** Starts a schema with this name. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() { return name; }

    /** The columns in template order. */
    public List<Column> columns() { return columns; }

    /** The column with this key, if any. */
    public Optional<Column> column(String key) {
        return columns.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /** Index of the column with this key in {@link #columns()}, or -1. */
    public int indexOf(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Keys of the columns that identify a row in the target, for upserts. Defaults to the first column marked
     * unique when none is set explicitly; may be empty (then commits only insert).
     */
    public List<String> uniqueKey() { return uniqueKey; }

    /** True when a header that matches no column fails the import instead of being ignored. */
    public boolean strict() { return strict; }

    /** Where committed rows go; null until the host sets one (commits then fail with a clear message). */
    public CommitTarget target() { return target; }

    /**
     * The name of the table rows go to when the host binds this schema to its DataSource (declared in schema
     * files, which cannot hold a DataSource), or null. Adapters that have a DataSource and find no
     * {@link #target()} use {@code JdbcTable.of(dataSource, table())}.
     */
    public String table() { return table; }

    /** The host's checks across the cells of a row, run in order after every cell was checked; empty when none. */
    public List<RowRule> rules() { return rules; }

    /** This schema with {@code replacement} in place of its column of the same key. */
    public Schema withColumn(Column replacement) {
        int index = indexOf(replacement.key());
        if (index < 0) {
            throw new IllegalArgumentException("schema '" + name + "' has no column '" + replacement.key() + "'");
        }
        Builder b = copy();
        b.columns.set(index, replacement);
        b.target = target;
        return new Schema(b);
    }

    /** This schema with another target (for hosts that load schemas from files and wire targets in code). */
    public Schema withTarget(CommitTarget newTarget) {
        Builder b = copy();
        b.target = newTarget;
        return new Schema(b);
    }

    private Builder copy() {
        Builder b = new Builder(name);
        b.columns.addAll(columns);
        b.uniqueKey.addAll(uniqueKey);
        b.strict = strict;
        b.table = table;
        b.rules.addAll(rules);
        return b;
    }

    @Override
    public String toString() {
        return "Schema[" + name + ", " + columns.size() + " columns]";
    }

    /** Builds a {@link Schema}. */
    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<String> uniqueKey = new ArrayList<>();
        private boolean strict;
        private CommitTarget target;
        private String table;
        private final List<RowRule> rules = new ArrayList<>();

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("schema name must not be blank");
            }
            this.name = name;
        }

        public Builder column(Column column) {
            columns.add(Objects.requireNonNull(column, "column"));
            return this;
        }

        public Builder column(Column.Builder column) {
            return column(column.build());
        }

        /** The columns whose values identify a row in the target (for upserts). */
        public Builder uniqueKey(String... keys) {
            uniqueKey.clear();
            uniqueKey.addAll(List.of(keys));
            return this;
        }

        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        public Builder target(CommitTarget target) {
            this.target = target;
            return this;
        }

        /** The target table's name, for hosts that bind schemas to their DataSource (see {@link Schema#table()}). */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /**
         * A check across the cells of each row (the end date follows the start date; a phone or an e-mail); several
         * run in the order added.
         */
        public Builder rule(RowRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * The schema; fails on duplicate keys, on two columns answering to the same header (see
         * {@link Column#normalizeHeader(String)}) or a unique key naming no column.
         */
        public Schema build() {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("schema '" + name + "' needs at least one column");
            }
            Set<String> keys = new HashSet<>();
            Map<String, Column> headerNames = new HashMap<>();
            for (Column c : columns) {
                if (!keys.add(c.key())) {
                    throw new IllegalArgumentException("schema '" + name + "' has two columns with key '" + c.key() + "'");
                }
                for (String header : c.headerNames()) {
                    Column other = headerNames.putIfAbsent(header, c);
                    if (other != null) {
                        throw new IllegalArgumentException("schema '" + name + "': columns '" + other.key() + "' and '"
                                + c.key() + "' both answer to the header '" + header
                                + "' (keys, labels and aliases are compared ignoring case, spaces, _ - . and accents)");
                    }
                }
            }
            if (uniqueKey.isEmpty()) {
                columns.stream().filter(Column::unique).map(Column::key).findFirst().ifPresent(uniqueKey::add);
            }
            for (String k : uniqueKey) {
                if (!keys.contains(k)) {
                    throw new IllegalArgumentException("schema '" + name + "': unique key names unknown column '" + k + "'");
                }
            }
            return new Schema(this);
        }
    }
}
