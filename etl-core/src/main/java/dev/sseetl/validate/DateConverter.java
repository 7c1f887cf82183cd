package dev.sseetl.validate;

import dev.sseetl.rules.Rejection;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dates and date-times. Without declared patterns a date is ISO {@code yyyy-MM-dd} and a date-time is
 * {@code yyyy-MM-dd'T'HH:mm[:ss[.fraction]]} or the same with a space for the 'T' (a bare date means midnight); these
 * are parsed by hand, without exceptions. Declared patterns are {@link DateTimeFormatter} patterns tried in order,
 * resolved strictly (so 2023-02-30 is refused) and case-insensitively. XLSX date cells arrive as LocalDateTime.
 */
final class DateConverter extends TypeConverter {
    private final boolean withTime;
    private final List<DateTimeFormatter> formatters = new ArrayList<>();
    private final Rejection notADate;
    private final Rejection aNumber;

    DateConverter(List<String> patterns, boolean withTime) {
        this.withTime = withTime;
        for (String pattern : patterns) {
            formatters.add(new DateTimeFormatterBuilder().parseCaseInsensitive()
                    .appendPattern(prolepticYears(pattern))
                    .toFormatter(Locale.ENGLISH)
                    .withResolverStyle(ResolverStyle.STRICT));
        }
        String forms = patterns.isEmpty()
                ? (withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd")
                : String.join(" or ", patterns);
        notADate = Rejection.of("date", "is not a valid " + (withTime ? "date and time" : "date") + " in the form " + forms);
        aNumber = Rejection.of("date", "is a number in the workbook, not a " + (withTime ? "date and time" : "date")
                + ": format the cell as a date in Excel, or type the " + (withTime ? "date and time" : "date")
                + " in the form " + forms);
    }

    @Override
    Object convert(Object cell, String text) {
        if (cell instanceof LocalDateTime dateTime) {
            return withTime ? dateTime : dateTime.toLocalDate();
        }
        if (cell instanceof BigDecimal) {
            return aNumber;
        }
        if (cell instanceof Boolean) {
            return notADate;
        }
        LocalDateTime parsed = formatters.isEmpty() ? parseIso(text) : parsePatterns(text);
        if (parsed == null) {
            return notADate;
        }
        return withTime ? parsed : parsed.toLocalDate();
    }

    private LocalDateTime parsePatterns(String text) {
        for (DateTimeFormatter formatter : formatters) {
            try {
                TemporalAccessor parsed = formatter.parseBest(text, LocalDateTime::from, LocalDate::from);
                if (parsed instanceof LocalDateTime dateTime) {
                    return dateTime;
                }
                return ((LocalDate) parsed).atStartOfDay();
            } catch (DateTimeException e) {
                // try the next pattern
            }
        }
        return null;
    }

    /** ISO date, or (date-time columns) ISO date-time with 'T' or a space; null when the text is neither. */
    private LocalDateTime parseIso(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        if (n == 10) {
            return LocalDate.of(year, month, day).atStartOfDay();
        }
        char separator = s.charAt(10);
        if (!withTime || !(separator == 'T' || separator == 't' || separator == ' ') || n < 16 || s.charAt(13) != ':') {
            return null;
        }
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = 0;
        int nano = 0;
        if (n > 16) {
            if (n < 19 || s.charAt(16) != ':') {
                return null;
            }
            second = digits(s, 17, 19);
            if (n > 19) {
                nano = fraction(s, 19);
            }
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nano < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nano);
    }

    /** The number in s[from, to) when all are ASCII digits, else -1. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Nanoseconds of ".d{1,9}" at s[from..], else -1. */
    private static int fraction(String s, int from) {
        int n = s.length() - from - 1;
        if (s.charAt(from) != '.' || n < 1 || n > 9) {
            return -1;
        }
        int value = digits(s, from + 1, s.length());
        if (value < 0) {
            return -1;
        }
        for (int i = n; i < 9; i++) {
            value *= 10;
        }
        return value;
    }

    /**
     * The pattern with year-of-era 'y' turned into proleptic year 'u' outside quoted literals: strict resolution of
     * 'yyyy' would otherwise demand an era field and refuse every date.
     */
    static String prolepticYears(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }
}
