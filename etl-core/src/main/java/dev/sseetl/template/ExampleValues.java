package dev.sseetl.template;

import dev.sseetl.schema.Column;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalQuery;
import java.util.List;
import java.util.Locale;

/** A sensible example value per column that passes the column's own rules. */
final class ExampleValues {
    static final LocalDate EXAMPLE_DATE = LocalDate.of(2024, 1, 31);
    static final LocalDateTime EXAMPLE_DATE_TIME = LocalDateTime.of(2024, 1, 31, 9, 30);
    private static final List<String> EMAIL_CANDIDATES = List.of("name@example.com", "a@example.com", "a@ex.org", "a@b.io");
    private static final List<String> TEXT_CANDIDATES = List.of("ABC-123", "ABC123", "abc", "A1", "123", "a", "A", "1");

    private ExampleValues() {
    }

    /**
     * The example as the template shows it: the column's {@code example}, else its default, else a value made up
     * from its type and constraints. Dates come back as LocalDate/LocalDateTime (written as real date cells in
     * XLSX), numbers as BigDecimal, everything else as text; null when nothing fits.
     */
    static Object of(Column c) {
        String given = c.example() != null ? c.example() : c.defaultValue();
        if (given != null) {
            return typed(c, given);
        }
        return switch (c.type()) {
            case INTEGER -> number(c, BigDecimal.ONE, 0);
            case DECIMAL -> number(c, new BigDecimal("10.5"), c.scale() == null ? 2 : c.scale());
            case BOOLEAN -> "true";
            case DATE -> EXAMPLE_DATE;
            case DATETIME -> EXAMPLE_DATE_TIME;
            case ENUM -> c.allowedValues().get(0);
            case EMAIL -> firstFitting(c, EMAIL_CANDIDATES);
            case STRING -> text(c);
        };
    }

    /** The example as text, dates in the column's first pattern (or ISO). */
    static String text(Column c, Object example) {
        if (example instanceof LocalDateTime t) {
            return c.datePatterns().isEmpty() ? t.toString() : DateTimeFormatter.ofPattern(c.datePatterns().get(0), Locale.ROOT).format(t);
        }
        if (example instanceof LocalDate d) {
            return c.datePatterns().isEmpty() ? d.toString() : DateTimeFormatter.ofPattern(c.datePatterns().get(0), Locale.ROOT).format(d);
        }
        if (example instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return example == null ? null : example.toString();
    }

    private static Object typed(Column c, String given) {
        try {
            return switch (c.type()) {
                case DATE -> parse(c, given, DateTimeFormatter.ISO_LOCAL_DATE, LocalDate::from);
                case DATETIME -> parse(c, given, DateTimeFormatter.ISO_LOCAL_DATE_TIME, LocalDateTime::from);
                case INTEGER, DECIMAL -> new BigDecimal(given.trim());
                default -> given;
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return given; // the schema author's own spelling; written as text
        }
    }

    /** Parses with the column's patterns in order, then ISO. */
    private static <T> T parse(Column c, String text, DateTimeFormatter iso, TemporalQuery<T> query) {
        for (String p : c.datePatterns()) {
            try {
                return DateTimeFormatter.ofPattern(p, Locale.ROOT).parse(text.trim(), query);
            } catch (DateTimeParseException ignored) {
                // try the next pattern
            }
        }
        return iso.parse(text.trim(), query);
    }

    private static BigDecimal number(Column c, BigDecimal preferred, int scale) {
        BigDecimal v = preferred;
        if (c.min() != null && v.compareTo(c.min()) < 0) {
            v = c.min();
        }
        if (c.max() != null && v.compareTo(c.max()) > 0) {
            v = c.max();
        }
        return scale == 0 ? v.setScale(0, RoundingMode.DOWN) : v.setScale(Math.min(scale, Math.max(v.scale(), 1)), RoundingMode.DOWN);
    }

    private static String text(Column c) {
        if (c.pattern() != null) {
            return firstFitting(c, TEXT_CANDIDATES);
        }
        return fit(c, "Example " + c.label());
    }

    /** The first candidate matching the column's pattern (if any) and length limits, or null. */
    private static String firstFitting(Column c, List<String> candidates) {
        for (String candidate : candidates) {
            if ((c.pattern() == null || c.pattern().matcher(candidate).matches()) && fits(c, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String fit(Column c, String text) {
        String t = text;
        if (c.maxLength() != null && t.length() > c.maxLength()) {
            t = t.substring(0, c.maxLength());
        }
        if (c.minLength() != null && t.length() < c.minLength()) {
            t = t + "x".repeat(c.minLength() - t.length());
        }
        return t;
    }

    private static boolean fits(Column c, String t) {
        return (c.maxLength() == null || t.length() <= c.maxLength()) && (c.minLength() == null || t.length() >= c.minLength());
    }
}
