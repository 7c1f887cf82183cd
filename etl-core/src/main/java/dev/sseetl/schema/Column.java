package dev.sseetl.schema;

import dev.sseetl.rules.CellCheck;
import dev.sseetl.rules.CellTransform;
import dev.sseetl.rules.ValueLookup;
import dev.sseetl.sql.SqlNames;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * One column of a {@link Schema}: its key, header label and aliases, type and constraints. Immutable; build it with
 * a factory such as {@link #string(String)} and the builder's setters.
 */
public final class Column {
    private final String key;
    private final String label;
    private final List<String> aliases;
    private final ColumnType type;
    private final boolean required;
    private final Integer minLength;
    private final Integer maxLength;
    private final BigDecimal min;
    private final BigDecimal max;
    private final Integer scale;
    private final Pattern pattern;
    private final List<String> allowedValues;
    private final List<String> datePatterns;
    private final String defaultValue;
    private final boolean unique;
    private final String description;
    private final String example;
    private final List<CellTransform> transforms;
    private final List<CellCheck> checks;
    private final ValueLookup lookup;
    private final Exists exists;

    /**
     * A look-up declared by name ({@code "exists"} in a schema file): the value must appear in {@code column} of
     * {@code table} in the engine's database. The engine binds it to a {@link dev.sseetl.rules.JdbcLookup} of the
     * DataSource given to {@code EtlEngine.builder().dataSource(...)}.
     *
     * @param table  the table, optionally {@code schema.table}
     * @param column its column holding the known values
     */
    public record Exists(String table, String column) {
        public Exists {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
        }
    }

    private Column(Builder b) {
        this.key = b.key;
        this.label = b.label == null ? b.key : b.label;
        this.aliases = List.copyOf(b.aliases);
        this.type = b.type;
        this.required = b.required;
        this.minLength = b.minLength;
        this.maxLength = b.maxLength;
        this.min = b.min;
        this.max = b.max;
        this.scale = b.scale;
        this.pattern = b.pattern;
        this.allowedValues = List.copyOf(b.allowedValues);
        this.datePatterns = List.copyOf(b.datePatterns);
        this.defaultValue = b.defaultValue;
        this.unique = b.unique;
        this.description = b.description;
        this.example = b.example;
        this.transforms = List.copyOf(b.transforms);
        this.checks = List.copyOf(b.checks);
        this.lookup = b.lookup;
        this.exists = b.exists;
    }

    private Column(Column c, ValueLookup lookup) {
        this.key = c.key;
        this.label = c.label;
        this.aliases = c.aliases;
        this.type = c.type;
        this.required = c.required;
        this.minLength = c.minLength;
        this.maxLength = c.maxLength;
        this.min = c.min;
        this.max = c.max;
        this.scale = c.scale;
        this.pattern = c.pattern;
        this.allowedValues = c.allowedValues;
        this.datePatterns = c.datePatterns;
        this.defaultValue = c.defaultValue;
        this.unique = c.unique;
        this.description = c.description;
        this.example = c.example;
        this.transforms = c.transforms;
        this.checks = c.checks;
        this.lookup = lookup;
        this.exists = c.exists;
    }

    /** A column of the given type. */
    public static Builder of(String key, ColumnType type) {
        return new Builder(key, type);
    }

    /** A text column (value: trimmed String). */
    public static Builder string(String key) { return of(key, ColumnType.STRING); }

    /** A whole-number column (value: Long). */
    public static Builder integer(String key) { return of(key, ColumnType.INTEGER); }

    /** An exact decimal column (value: BigDecimal, never via double). */
    public static Builder decimal(String key) { return of(key, ColumnType.DECIMAL); }

    /** A yes/no column (value: Boolean; true/false, yes/no, y/n, 1/0, ya/tidak in any case). */
    public static Builder bool(String key) { return of(key, ColumnType.BOOLEAN); }

    /** A date column (value: LocalDate; ISO yyyy-MM-dd unless {@link Builder#datePatterns} are set). */
    public static Builder date(String key) { return of(key, ColumnType.DATE); }

    /** A date-time column (value: LocalDateTime; ISO with 'T' or a space unless {@link Builder#datePatterns} are set). */
    public static Builder dateTime(String key) { return of(key, ColumnType.DATETIME); }

    /** An e-mail address column (value: String as typed; unique checks ignore case). */
    public static Builder email(String key) { return of(key, ColumnType.EMAIL); }

    /** An enum column allowing exactly these values (matched case-insensitively, stored as given here). */
    public static Builder enumeration(String key, String... allowed) {
        return of(key, ColumnType.ENUM).allowedValues(allowed);
    }

    /** The key: the name in staged values, JSON and (by default) the target table's column. */
    public String key() { return key; }

    /** The header label shown in templates and matched in uploads. */
    public String label() { return label; }

    /** Other header spellings that map to this column. */
    public List<String> aliases() { return aliases; }

    /** The type cells are converted to. */
    public ColumnType type() { return type; }

    /** True when an empty cell (with no default value) is an error. */
    public boolean required() { return required; }

    /** Smallest text length, or null. */
    public Integer minLength() { return minLength; }

    /** Largest text length, or null. */
    public Integer maxLength() { return maxLength; }

    /** Smallest numeric value, or null. */
    public BigDecimal min() { return min; }

    /** Largest numeric value, or null. */
    public BigDecimal max() { return max; }

    /** Most decimal places of a DECIMAL column, or null for any. */
    public Integer scale() { return scale; }

    /** A regular expression the whole text must match, or null. */
    public Pattern pattern() { return pattern; }

    /** Allowed values of an ENUM column, in canonical spelling. */
    public List<String> allowedValues() { return allowedValues; }

    /** {@link java.time.format.DateTimeFormatter} patterns accepted for DATE/DATETIME, tried in order; empty = ISO. */
    public List<String> datePatterns() { return datePatterns; }

    /** Text used when the cell is empty, or null. */
    public String defaultValue() { return defaultValue; }

    /** True when a value may appear only once in one file (later repeats make their rows invalid). */
    public boolean unique() { return unique; }

    /** Help text for templates, or null. */
    public String description() { return description; }

    /** An example value for templates, or null. */
    public String example() { return example; }

    /** The host's transforms of the cell text, applied in order before conversion; empty when none. */
    public List<CellTransform> transforms() { return transforms; }

    /** The host's checks of the converted value, applied in order after the built-in rules; empty when none. */
    public List<CellCheck> checks() { return checks; }

    /** Who knows this column's values (code {@code exists} for the others), or null. */
    public ValueLookup lookup() { return lookup; }

    /** The look-up declared by table and column name, bound by the engine to its database; null when none. */
    public Exists exists() { return exists; }

    /** This column checked against {@code lookup} (e.g. the engine binding {@link #exists()} to its database). */
    public Column withLookup(ValueLookup lookup) {
        return new Column(this, Objects.requireNonNull(lookup, "lookup"));
    }

    /**
     * Every header spelling this column answers to, normalised with {@link #normalizeHeader(String)}: its key, label
     * and aliases, without repeats, in that order.
     */
    public Set<String> headerNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(normalizeHeader(key));
        names.add(normalizeHeader(label));
        for (String alias : aliases) {
            names.add(normalizeHeader(alias));
        }
        names.remove("");
        return names;
    }

    /** True when this header cell names this column (its key, label or an alias; see {@link #normalizeHeader}). */
    public boolean matchesHeader(String header) {
        return header != null && headerNames().contains(normalizeHeader(header));
    }

    /**
     * The form in which header cells are compared: accents removed (Unicode NFD without combining marks), lower case,
     * and without spaces, underscores, hyphens and dots, so {@code Birth Date}, {@code birth_date}, {@code BIRTH-DATE}
     * and {@code Bírth date} are all {@code birthdate}. Null becomes the empty string.
     */
    public static String normalizeHeader(String header) {
        if (header == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(header, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int category = Character.getType(cp);
            boolean mark = category == Character.NON_SPACING_MARK || category == Character.ENCLOSING_MARK
                    || category == Character.COMBINING_SPACING_MARK;
            boolean separator = cp == '_' || cp == '-' || cp == '.' || cp == '\uFEFF' || Character.isWhitespace(cp)
                    || Character.isSpaceChar(cp) || category == Character.DASH_PUNCTUATION;
            if (!mark && !separator) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Column[" + key + ":" + type.wireName() + "]";
    }

    private static final List<ColumnType> TEXT_TYPES = List.of(ColumnType.STRING, ColumnType.EMAIL, ColumnType.ENUM);
    private static final List<ColumnType> NUMBER_TYPES = List.of(ColumnType.INTEGER, ColumnType.DECIMAL);

    /**
     * Builds a {@link Column}. Every setter validates its argument and that the constraint applies to the column's
     * type (a length is for text columns, a range for numbers, ...), throwing an {@link IllegalArgumentException} that
     * names the column and the constraint, e.g. {@code column 'a': 'maxLength' does not apply to type integer; it is
     * for string, email, enum}. {@link SchemaLoader} builds its columns here, so Java and JSON schemas obey the same
     * rules.
     */
    public static final class Builder {
        private final String key;
        private final ColumnType type;
        private String label;
        private final List<String> aliases = new ArrayList<>();
        private boolean required;
        private Integer minLength;
        private Integer maxLength;
        private BigDecimal min;
        private BigDecimal max;
        private Integer scale;
        private Pattern pattern;
        private final List<String> allowedValues = new ArrayList<>();
        private final List<String> datePatterns = new ArrayList<>();
        private String defaultValue;
        private boolean unique;
        private String description;
        private String example;
        private final List<CellTransform> transforms = new ArrayList<>();
        private final List<CellCheck> checks = new ArrayList<>();
        private ValueLookup lookup;
        private Exists exists;

        private Builder(String key, ColumnType type) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("column key must not be blank");
            }
            this.key = key;
            this.type = Objects.requireNonNull(type, "type");
        }

        /** The header label shown in templates and matched in uploads; defaults to the key. */
        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /** Other header spellings that name this column (compared like labels). */
        public Builder aliases(String... aliases) {
            for (String a : aliases) {
                this.aliases.add(Objects.requireNonNull(a, "alias"));
            }
            return this;
        }

        /** An empty cell (with no default value) is an error. */
        public Builder required() {
            return required(true);
        }

        /** Whether an empty cell (with no default value) is an error. */
        public Builder required(boolean required) {
            this.required = required;
            return this;
        }

        /** Fewest characters (code points) of a string, email or enum value; 0 or more. */
        public Builder minLength(int minLength) {
            onlyFor("minLength", TEXT_TYPES);
            if (minLength < 0) {
                throw invalid("minLength must be 0 or more, got " + minLength);
            }
            this.minLength = minLength;
            return this;
        }

        /** Most characters (code points) of a string, email or enum value; greater than 0. */
        public Builder maxLength(int maxLength) {
            onlyFor("maxLength", TEXT_TYPES);
            if (maxLength <= 0) {
                throw invalid("maxLength must be greater than 0, got " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /** Smallest value of an integer or decimal column, inclusive. */
        public Builder min(BigDecimal min) {
            onlyFor("min", NUMBER_TYPES);
            this.min = Objects.requireNonNull(min, "min");
            return this;
        }

        /** Smallest value of an integer or decimal column, inclusive. */
        public Builder min(long min) {
            return min(BigDecimal.valueOf(min));
        }

        /** Largest value of an integer or decimal column, inclusive. */
        public Builder max(BigDecimal max) {
            onlyFor("max", NUMBER_TYPES);
            this.max = Objects.requireNonNull(max, "max");
            return this;
        }

        /** Largest value of an integer or decimal column, inclusive. */
        public Builder max(long max) {
            return max(BigDecimal.valueOf(max));
        }

        /** Most decimal places of a decimal column (trailing zeros beyond it are fine). */
        public Builder scale(int scale) {
            onlyFor("scale", List.of(ColumnType.DECIMAL));
            if (scale < 0) {
                throw invalid("scale must be 0 or more, got " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** A Java regular expression the whole trimmed text must match; compiled here, so a bad one fails now. */
        public Builder pattern(String regex) {
            try {
                this.pattern = Pattern.compile(Objects.requireNonNull(regex, "pattern"));
            } catch (PatternSyntaxException e) {
                throw invalid("'pattern' is not a valid regular expression: " + e.getDescription() + " near index "
                        + e.getIndex());
            }
            return this;
        }

        /** Allowed values of an enum column, in canonical spelling (input matches ignoring case). */
        public Builder allowedValues(String... values) {
            onlyFor("allowedValues", List.of(ColumnType.ENUM));
            for (String v : values) {
                this.allowedValues.add(Objects.requireNonNull(v, "allowed value"));
            }
            return this;
        }

        /** {@link java.time.format.DateTimeFormatter} patterns for a date/datetime column, tried in order; they replace ISO. */
        public Builder datePatterns(String... patterns) {
            onlyFor("datePatterns", List.of(ColumnType.DATE, ColumnType.DATETIME));
            for (String p : patterns) {
                try {
                    DateTimeFormatter.ofPattern(Objects.requireNonNull(p, "date pattern")); // fails fast on a bad one
                } catch (IllegalArgumentException e) {
                    throw invalid("'datePatterns' has an invalid date pattern '" + p + "' (" + e.getMessage()
                            + "); use java.time patterns such as dd/MM/yyyy");
                }
                this.datePatterns.add(p);
            }
            return this;
        }

        /** Text used when the cell is empty, converted and checked like typed input; null for none. */
        public Builder defaultValue(String defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /** A value may appear only once in one file; later repeats make their rows invalid. */
        public Builder unique() {
            return unique(true);
        }

        /** Whether a value may appear only once in one file. */
        public Builder unique(boolean unique) {
            this.unique = unique;
            return this;
        }

        /** Help text for templates. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** An example value for templates and pattern error messages. */
        public Builder example(String example) {
            this.example = example;
            return this;
        }

        /**
         * Rewrites each non-empty cell's text before it is converted and checked (trim, case, phone digits, a legacy
         * code); several run in the order added. The preview's raw text stays what the file said.
         */
        public Builder transform(CellTransform transform) {
            transforms.add(Objects.requireNonNull(transform, "transform"));
            return this;
        }

        /**
         * Checks each converted value after the built-in rules accepted it; several run in the order added, the first
         * refusal wins. Empty cells are not checked.
         */
        public Builder check(CellCheck check) {
            checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Values must be known to {@code lookup}, asked in batches of distinct values while the file is buffered;
         * unknown values are refused with code {@code exists}. Replaces an earlier {@code exists}.
         */
        public Builder exists(ValueLookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
            this.exists = null;
            return this;
        }

        /**
         * Values must appear in {@code column} of {@code table} in the engine's database (the DataSource given to
         * {@code EtlEngine.builder().dataSource(...)}), as {@code "exists"} in a schema file declares it.
         *
         * @throws IllegalArgumentException when a name is not a plain SQL identifier
         */
        public Builder exists(String table, String column) {
            this.exists = new Exists(SqlNames.requireTableName(table),
                    SqlNames.requireIdentifier(column, "'exists' column of table '" + table + "'"));
            this.lookup = null;
            return this;
        }

        /** The column; fails when the constraints contradict each other. */
        public Column build() {
            if (type == ColumnType.ENUM && allowedValues.isEmpty()) {
                throw invalid("'allowedValues' is missing; an enum column lists its allowed values, e.g. admin, viewer");
            }
            if (minLength != null && maxLength != null && minLength > maxLength) {
                throw invalid("minLength " + minLength + " is greater than maxLength " + maxLength);
            }
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw invalid("min " + min + " is greater than max " + max);
            }
            return new Column(this);
        }

        /** Refuses a constraint that the column's type does not use (it would be ignored silently otherwise). */
        private void onlyFor(String constraint, List<ColumnType> types) {
            if (!types.contains(type)) {
                throw invalid("'" + constraint + "' does not apply to type " + type.wireName() + "; it is for "
                        + types.stream().map(ColumnType::wireName).collect(Collectors.joining(", ")));
            }
        }

        private IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException("column '" + key + "': " + problem);
        }
    }
}
