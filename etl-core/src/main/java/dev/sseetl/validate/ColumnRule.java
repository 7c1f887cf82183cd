package dev.sseetl.validate;

import dev.sseetl.rules.Rejection;
import dev.sseetl.rules.CellText;
import dev.sseetl.CellError;
import dev.sseetl.rules.CellCheck;
import dev.sseetl.rules.CellTransform;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.ColumnType;
import dev.sseetl.schema.ValueFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything one column checks, compiled once per import: text extraction, default value, type conversion,
 * length, range, pattern and uniqueness, and the host's transforms (before the default and conversion) and checks
 * (after every built-in rule passed). {@link #apply} returns the converted value or a {@link CellError}.
 */
final class ColumnRule {
    private final Column column;
    private final String label;
    private final TypeConverter converter;
    private final boolean textType;
    private final int minLength;
    private final int maxLength;
    private final BigDecimal min;
    private final BigDecimal max;
    private final long minWhole;
    private final long maxWhole;
    private final Pattern pattern;
    /** What Excel shows (and writes to CSV) for a formula it could not calculate. */
    private static final Set<String> EXCEL_ERRORS = Set.of("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
            "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA");
    private static final Rejection EXCEL_ERROR = Rejection.of("formula", "is an Excel error: the formula in this cell"
            + " could not be calculated. Fix the formula, or type the value itself");
    private final Rejection tooShort;
    private final Rejection tooLong;
    private final Rejection belowMin;
    private final Rejection aboveMax;
    private final Rejection noMatch;
    private final UniqueValues unique;
    private final CellTransform[] transforms;
    private final CellCheck[] checks;
    private final HostRules host;

    ColumnRule(Column column, HostRules host) {
        this(column, host, true);
    }

    /** A rule that remembers unique values only when {@code trackUnique} (re-validating an edited cell does not). */
    ColumnRule(Column column, HostRules host, boolean trackUnique) {
        this.column = column;
        this.host = host;
        this.transforms = column.transforms().toArray(CellTransform[]::new);
        this.checks = column.checks().toArray(CellCheck[]::new);
        this.label = column.label();
        this.converter = TypeConverter.forColumn(column);
        ColumnType type = column.type();
        this.textType = type == ColumnType.STRING || type == ColumnType.EMAIL || type == ColumnType.ENUM;
        this.minLength = column.minLength() == null ? -1 : column.minLength();
        this.maxLength = column.maxLength() == null ? -1 : column.maxLength();
        this.min = column.min();
        this.max = column.max();
        this.minWhole = min == null ? Long.MIN_VALUE : clampToLong(min.setScale(0, RoundingMode.CEILING));
        this.maxWhole = max == null ? Long.MAX_VALUE : clampToLong(max.setScale(0, RoundingMode.FLOOR));
        this.pattern = column.pattern();
        this.tooShort = Rejection.of("min_length", "is shorter than " + plural(minLength, "character"));
        this.tooLong = Rejection.of("max_length", "is longer than " + plural(maxLength, "character"));
        this.belowMin = Rejection.of("min", "is less than the minimum " + (min == null ? "" : min.toPlainString()));
        this.aboveMax = Rejection.of("max", "is greater than the maximum " + (max == null ? "" : max.toPlainString()));
        this.noMatch = Rejection.of("pattern", "does not match the expected form "
                + (pattern != null ? pattern.pattern() : "")
                + (column.example() != null ? ", e.g. " + column.example() : ""));
        this.unique = column.unique() && trackUnique ? new UniqueValues() : null;
        checkDefault();
    }

    Column column() {
        return column;
    }

    /**
     * The value of this cell, or the CellError that refuses it.
     *
     * @param cell the cell as read (may be null)
     * @param text its trimmed text, or null when empty (see {@link #text(Object)})
     * @param row  the source row number, remembered for unique columns
     */
    Object apply(Object cell, String text, long row) {
        if (text != null && transforms.length > 0) {
            String changed;
            try {
                changed = transformed(text);
            } catch (RuntimeException e) {
                host.failed("transform of column '" + column.key() + "'", row, e);
                return error(Rejection.ruleFailed(), text);
            }
            if (!text.equals(changed)) {
                text = changed;
                cell = changed; // the new text, so an XLSX number or date read before the transform does not win
            }
        }
        if (text == null) {
            String fallback = column.defaultValue();
            if (fallback == null) {
                return column.required()
                        ? new CellError(column.key(), "required", label + " is required, but the cell is empty.")
                        : null;
            }
            text = fallback;
            cell = fallback;
        }
        if (EXCEL_ERRORS.contains(text)) {
            return error(EXCEL_ERROR, text);
        }
        Object value = converter.convert(cell, text);
        if (value instanceof Rejection r) {
            return error(r, text);
        }
        Rejection broken = constraints(value, text);
        if (broken != null) {
            return error(broken, text);
        }
        if (unique != null) {
            long first = unique.firstRowOrAdd(uniqueText(value), row);
            if (first != 0) {
                return uniqueError(text, first);
            }
        }
        for (CellCheck check : checks) {
            Optional<Rejection> refused;
            try {
                refused = check.check(value);
            } catch (RuntimeException e) {
                host.failed("check of column '" + column.key() + "'", row, e);
                return error(Rejection.ruleFailed(), text);
            }
            if (refused != null && refused.isPresent()) {
                return error(refused.get(), text);
            }
        }
        return value;
    }

    /** The error of a cell repeating the value first seen in row {@code first} (-1: a row too large to keep). */
    CellError uniqueError(String text, long first) {
        return new CellError(column.key(), "unique", label + " '" + shown(text) + "' already appears in "
                + (first > 0 ? "row " + first : "an earlier row") + ".");
    }

    /** The text two cells must share to count as the same value (see {@link #uniqueText}), as a String. */
    String uniqueKey(Object value) {
        return uniqueText(value).toString();
    }

    /** The text after every transform, null when one emptied the cell. */
    private String transformed(String text) {
        String t = text;
        for (CellTransform transform : transforms) {
            t = transform.apply(t);
            if (t == null) {
                return null;
            }
            t = CellText.trim(t);
            if (t == null) {
                return null;
            }
        }
        return t;
    }

    private Rejection constraints(Object value, String text) {
        if (textType && (minLength >= 0 || maxLength >= 0)) {
            String s = (String) value;
            if (minLength >= 0 && (s.length() < minLength || s.codePointCount(0, s.length()) < minLength)) {
                return tooShort;
            }
            if (maxLength >= 0 && s.length() > maxLength && s.codePointCount(0, s.length()) > maxLength) {
                return tooLong;
            }
        }
        if (value instanceof Long whole) {
            if (whole < minWhole) {
                return belowMin;
            }
            if (whole > maxWhole) {
                return aboveMax;
            }
        } else if (value instanceof BigDecimal number) {
            if (min != null && number.compareTo(min) < 0) {
                return belowMin;
            }
            if (max != null && number.compareTo(max) > 0) {
                return aboveMax;
            }
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            return noMatch;
        }
        return null;
    }

    /** The text two cells must share to count as the same value: canonical, e-mail addresses without case. */
    private CharSequence uniqueText(Object value) {
        return switch (column.type()) {
            case STRING, ENUM -> (String) value;
            case EMAIL -> ((String) value).toLowerCase(Locale.ROOT);
            case DECIMAL -> ((BigDecimal) value).stripTrailingZeros().toPlainString();
            default -> ValueFormat.format(value);
        };
    }

    private CellError error(Rejection r, String text) {
        return r.toError(column.key(), label, text);
    }

    /** A column whose default value fails its own rules is a mistake in the schema, reported at once. */
    private void checkDefault() {
        String fallback = column.defaultValue();
        if (fallback == null) {
            return;
        }
        Object value = converter.convert(fallback, fallback);
        Rejection broken = value instanceof Rejection r ? r : constraints(value, fallback);
        if (broken != null) {
            throw new IllegalArgumentException("column '" + column.key() + "': default value '" + fallback + "' "
                    + broken.phrase());
        }
    }

    /**
     * The trimmed text of a cell as read, or null when it is empty. Numbers print without exponent or trailing zeros,
     * booleans as true/false, date cells as ISO (the date alone at midnight).
     */
    static String text(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof String s) {
            return CellText.trim(s);
        }
        if (cell instanceof BigDecimal number) {
            if (number.scale() > 0) {
                number = number.stripTrailingZeros();
            }
            return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
        }
        if (cell instanceof LocalDateTime dateTime && dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return dateTime.toLocalDate().toString();
        }
        return CellText.trim(ValueFormat.format(cell));
    }

    static String shown(String text) {
        return CellText.shown(text);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static long clampToLong(BigDecimal whole) {
        if (whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        return whole.longValueExact();
    }
}
