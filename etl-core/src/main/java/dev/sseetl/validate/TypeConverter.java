package dev.sseetl.validate;

import dev.sseetl.rules.Rejection;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.ColumnType;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one non-empty cell into the value of a column's type. A cell arrives both as it came from the reader (String,
 * or from XLSX BigDecimal, Boolean or LocalDateTime) and as trimmed text; a converter returns the value or a
 * {@link Rejection}. Converters are built once per import and hold no per-row state.
 */
abstract class TypeConverter {
    static final Rejection NOT_WHOLE = Rejection.of("type", "is not a whole number (e.g. 42 or -7)");
    static final Rejection TOO_LARGE = Rejection.of("type", "is too large for a whole number");
    static final Rejection NOT_NUMBER = Rejection.of("type", "is not a number (use a dot for decimals, e.g. 1234.56)");
    static final Rejection TOO_PRECISE = Rejection.of("type", "is too large or has too many digits");
    static final Rejection NOT_BOOLEAN = Rejection.of("type", "is not a yes/no value (use true/false, yes/no, y/n, 1/0 or ya/tidak)");
    static final Rejection NOT_EMAIL = Rejection.of("email", "is not a valid e-mail address");

    /** Digits a decimal may have before or after the point; keeps "1e999999999" from costing memory. */
    private static final int MAX_DECIMAL_DIGITS = 1000;

    /** The value of this cell, or a {@link Rejection}. {@code text} is the trimmed, non-empty text of {@code cell}. */
    abstract Object convert(Object cell, String text);

    static TypeConverter forColumn(Column column) {
        ColumnType type = column.type();
        return switch (type) {
            case STRING -> new Text();
            case INTEGER -> new WholeNumber();
            case DECIMAL -> new Decimal(column.scale());
            case BOOLEAN -> new YesNo();
            case DATE, DATETIME -> new DateConverter(column.datePatterns(), type == ColumnType.DATETIME);
            case ENUM -> new OneOf(column);
            case EMAIL -> new Email();
        };
    }

    static final class Text extends TypeConverter {
        @Override
        Object convert(Object cell, String text) {
            return text;
        }
    }

    static final class Email extends TypeConverter {
        @Override
        Object convert(Object cell, String text) {
            return EmailAddress.isValid(text) ? text : NOT_EMAIL;
        }
    }

    static final class OneOf extends TypeConverter {
        private final Map<String, String> canonical = new HashMap<>();
        private final Rejection notAllowed;

        OneOf(Column column) {
            for (String value : column.allowedValues()) {
                canonical.putIfAbsent(value.strip().toLowerCase(Locale.ROOT), value);
            }
            notAllowed = Rejection.of("enum", "is not one of " + String.join(", ", column.allowedValues()));
        }

        @Override
        Object convert(Object cell, String text) {
            String value = canonical.get(text.toLowerCase(Locale.ROOT));
            return value != null ? value : notAllowed;
        }
    }

    static final class WholeNumber extends TypeConverter {
        @Override
        Object convert(Object cell, String text) {
            if (cell instanceof BigDecimal number) {
                return fromDecimal(number);
            }
            if (cell instanceof Boolean || cell instanceof LocalDateTime) {
                return NOT_WHOLE;
            }
            return parse(text);
        }

        private static Object fromDecimal(BigDecimal number) {
            if (number.scale() > 0) {
                number = number.stripTrailingZeros();
                if (number.scale() > 0) {
                    return NOT_WHOLE;
                }
            }
            if (number.precision() - number.scale() > 19) {
                return TOO_LARGE;
            }
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                return TOO_LARGE;
            }
        }

        /** Optional sign and digits, accumulated negatively so Long.MIN_VALUE parses; no regex, no exception. */
        private static Object parse(String text) {
            int n = text.length();
            int i = 0;
            boolean negative = false;
            char first = text.charAt(0);
            if (first == '-' || first == '+') {
                negative = first == '-';
                i = 1;
                if (n == 1) {
                    return NOT_WHOLE;
                }
            }
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            long multMin = limit / 10;
            long result = 0;
            boolean overflow = false;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return c == '.' ? fromDecimalText(text) : NOT_WHOLE;
                }
                int digit = c - '0';
                if (result < multMin || result * 10 < limit + digit) {
                    overflow = true;
                } else {
                    result = result * 10 - digit;
                }
            }
            if (overflow) {
                return TOO_LARGE;
            }
            return negative ? result : -result;
        }

        /** "42.0" is a whole number; "12.5" is not. */
        private static Object fromDecimalText(String text) {
            Object number = Decimal.parse(text);
            return number instanceof BigDecimal d ? fromDecimal(d) : NOT_WHOLE;
        }
    }

    static final class Decimal extends TypeConverter {
        private final Integer scale;
        private final Rejection tooManyPlaces;

        Decimal(Integer scale) {
            this.scale = scale;
            this.tooManyPlaces = scale == null ? null
                    : Rejection.of("scale", scale == 0 ? "must not have decimal places"
                    : "has more than " + scale + (scale == 1 ? " decimal place" : " decimal places"));
        }

        @Override
        Object convert(Object cell, String text) {
            Object parsed;
            if (cell instanceof BigDecimal number) {
                parsed = number;
            } else if (cell instanceof Boolean || cell instanceof LocalDateTime) {
                return NOT_NUMBER;
            } else {
                parsed = parse(text);
            }
            if (!(parsed instanceof BigDecimal number)) {
                return parsed;
            }
            if (Math.abs((long) number.scale()) > MAX_DECIMAL_DIGITS || number.precision() > MAX_DECIMAL_DIGITS) {
                return TOO_PRECISE;
            }
            if (scale != null && number.scale() > scale) {
                BigDecimal stripped = number.stripTrailingZeros();
                if (stripped.scale() > scale) {
                    return tooManyPlaces;
                }
                number = number.setScale(scale);
            }
            return number;
        }

        /** The number in this text, or a rejection; checks the characters first so bad text costs no exception. */
        static Object parse(String text) {
            int digits = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits++;
                } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                    return NOT_NUMBER;
                }
            }
            if (digits == 0) {
                return NOT_NUMBER;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return NOT_NUMBER;
            }
        }
    }

    static final class YesNo extends TypeConverter {
        private static final String[] YES = {"true", "yes", "y", "1", "ya"};
        private static final String[] NO = {"false", "no", "n", "0", "tidak"};

        @Override
        Object convert(Object cell, String text) {
            if (cell instanceof Boolean b) {
                return b;
            }
            if (cell instanceof BigDecimal number) {
                if (number.signum() == 0) {
                    return Boolean.FALSE;
                }
                return number.compareTo(BigDecimal.ONE) == 0 ? Boolean.TRUE : NOT_BOOLEAN;
            }
            if (cell instanceof LocalDateTime) {
                return NOT_BOOLEAN;
            }
            for (int i = 0; i < YES.length; i++) {
                if (YES[i].equalsIgnoreCase(text)) {
                    return Boolean.TRUE;
                }
                if (NO[i].equalsIgnoreCase(text)) {
                    return Boolean.FALSE;
                }
            }
            return NOT_BOOLEAN;
        }
    }
}
