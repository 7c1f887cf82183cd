package dev.sseetl.validate;

import dev.sseetl.schema.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static dev.sseetl.validate.Cells.error;
import static dev.sseetl.validate.Cells.stage;
import static dev.sseetl.validate.Cells.value;
import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypesTest {

    @Test
    void stringIsTrimmedIncludingNoBreakSpaces() {
        assertThat(value(Column.string("name"), "  Ada Lovelace\u00A0\t")).isEqualTo("Ada Lovelace");
    }

    @Test
    void blankCellIsEmpty() {
        var staged = stage(Column.string("name"), "   ");
        assertThat(staged.values()).containsExactly((Object) null);
        assertThat(staged.raw()).containsExactly((String) null);
        assertThat(staged.valid()).isTrue();
    }

    @Test
    void stringTakesXlsxNumbersAndBooleansAsCanonicalText() {
        assertThat(value(Column.string("zip"), new BigDecimal("40115"))).isEqualTo("40115");
        assertThat(value(Column.string("zip"), new BigDecimal("42.50"))).isEqualTo("42.5");
        assertThat(value(Column.string("zip"), new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(value(Column.string("flag"), Boolean.TRUE)).isEqualTo("true");
        assertThat(value(Column.string("day"), LocalDateTime.of(2024, 3, 1, 0, 0))).isEqualTo("2024-03-01");
    }

    @Test
    void integerParsesSignsAndDigits() {
        assertThat(value(Column.integer("n"), "1234")).isEqualTo(1234L);
        assertThat(value(Column.integer("n"), "-5")).isEqualTo(-5L);
        assertThat(value(Column.integer("n"), "+7")).isEqualTo(7L);
        assertThat(value(Column.integer("n"), "007")).isEqualTo(7L);
        assertThat(value(Column.integer("n"), "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(value(Column.integer("n"), "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void integerTakesIntegralXlsxNumbers() {
        assertThat(value(Column.integer("n"), new BigDecimal("42"))).isEqualTo(42L);
        assertThat(value(Column.integer("n"), new BigDecimal("42.0"))).isEqualTo(42L);
        assertThat(value(Column.integer("n"), new BigDecimal("1E+3"))).isEqualTo(1000L);
        assertThat(value(Column.integer("n"), "42.00")).isEqualTo(42L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.5", "abc", "1,000", "1e3", "-", "+", "4 2", "0x1F"})
    void integerRefusesWhatIsNotAWholeNumber(String text) {
        var e = error(Column.integer("qty").label("Quantity"), text);
        assertThat(e.code()).isEqualTo("type");
        assertThat(e.column()).isEqualTo("qty");
        assertThat(e.message()).isEqualTo("Quantity '" + text + "' is not a whole number (e.g. 42 or -7).");
    }

    @Test
    void integerRefusesOverflowAndFractionalXlsxNumbers() {
        assertThat(error(Column.integer("n"), "9223372036854775808").message()).contains("too large");
        assertThat(error(Column.integer("n"), "-9223372036854775809").message()).contains("too large");
        assertThat(error(Column.integer("n"), new BigDecimal("1E+30")).code()).isEqualTo("type");
        assertThat(error(Column.integer("n"), new BigDecimal("12.5")).code()).isEqualTo("type");
        assertThat(error(Column.integer("n"), Boolean.TRUE).code()).isEqualTo("type");
    }

    @Test
    void integerParsingAgreesWithBigIntegerOnRandomAndBoundaryText() {
        java.util.Random random = new java.util.Random(42);
        java.math.BigInteger lo = java.math.BigInteger.valueOf(Long.MIN_VALUE);
        java.math.BigInteger hi = java.math.BigInteger.valueOf(Long.MAX_VALUE);
        RowValidator v = Cells.oneColumn(Column.integer("n"));
        List<String> texts = new java.util.ArrayList<>(List.of("9223372036854775807", "9223372036854775808",
                "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "0", "-0", "+0"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
            int length = 1 + random.nextInt(21);
            for (int j = 0; j < length; j++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            texts.add(digits.toString());
        }
        for (String text : texts) {
            java.math.BigInteger expected = new java.math.BigInteger(text);
            var staged = v.validate(Cells.row(2, text));
            if (expected.compareTo(lo) >= 0 && expected.compareTo(hi) <= 0) {
                assertThat(staged.values()).as(text).containsExactly(expected.longValueExact());
            } else {
                assertThat(staged.errors()).as(text).extracting("message")
                        .containsExactly("n '" + text + "' is too large for a whole number.");
            }
        }
    }

    @Test
    void decimalKeepsExactDigitsWithoutFloatNoise() {
        assertThat(value(Column.decimal("price"), "0.1")).isEqualTo(new BigDecimal("0.1"));
        assertThat(value(Column.decimal("price"), "-1234.5678")).isEqualTo(new BigDecimal("-1234.5678"));
        assertThat(value(Column.decimal("price"), "+3")).isEqualTo(new BigDecimal("3"));
        assertThat(value(Column.decimal("price"), new BigDecimal("19.99"))).isEqualTo(new BigDecimal("19.99"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,5", "1.2.3", "NaN", "Infinity", "--1", "e", "1e999999999"})
    void decimalRefusesWhatIsNotANumber(String text) {
        assertThat(error(Column.decimal("price").label("Price"), text).code()).isEqualTo("type");
    }

    @Test
    void decimalScaleAllowsTrailingZerosButNotMorePlaces() {
        Column.Builder price = Column.decimal("price").label("Price").scale(2);
        assertThat(value(price, "1.5")).isEqualTo(new BigDecimal("1.5"));
        assertThat(value(price, "1.500")).isEqualTo(new BigDecimal("1.50"));
        var e = error(price, "1.505");
        assertThat(e.code()).isEqualTo("scale");
        assertThat(e.message()).isEqualTo("Price '1.505' has more than 2 decimal places.");
        assertThat(error(Column.decimal("n").scale(0), "1.5").message()).contains("must not have decimal places");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "yes", "Yes", "y", "Y", "1", "ya", "YA", " Ya "})
    void booleanTrueSpellings(String text) {
        assertThat(value(Column.bool("active"), text)).isEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "no", "NO", "n", "N", "0", "tidak", "Tidak"})
    void booleanFalseSpellings(String text) {
        assertThat(value(Column.bool("active"), text)).isEqualTo(Boolean.FALSE);
    }

    @Test
    void booleanTakesXlsxBooleansAndOneOrZero() {
        assertThat(value(Column.bool("active"), Boolean.FALSE)).isEqualTo(Boolean.FALSE);
        assertThat(value(Column.bool("active"), new BigDecimal("1"))).isEqualTo(Boolean.TRUE);
        assertThat(value(Column.bool("active"), new BigDecimal("0.0"))).isEqualTo(Boolean.FALSE);
        assertThat(error(Column.bool("active"), new BigDecimal("2")).code()).isEqualTo("type");
    }

    @Test
    void booleanRefusesOtherWords() {
        var e = error(Column.bool("active").label("Active"), "maybe");
        assertThat(e.code()).isEqualTo("type");
        assertThat(e.message()).startsWith("Active 'maybe' is not a yes/no value");
    }

    @Test
    void dateIsIsoByDefault() {
        assertThat(value(Column.date("born"), "2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-1-5", "01/02/2023",
            "2023-01-01T10:00", "yesterday"})
    void dateRefusesImpossibleOrNonIsoDates(String text) {
        var e = error(Column.date("born").label("Born"), text);
        assertThat(e.code()).isEqualTo("date");
        assertThat(e.message()).isEqualTo("Born '" + text + "' is not a valid date in the form yyyy-MM-dd.");
    }

    @Test
    void dateTakesDeclaredPatternsStrictly() {
        Column.Builder released = Column.date("released").datePatterns("dd/MM/yyyy", "d MMM yyyy");
        assertThat(value(released, "31/12/2023")).isEqualTo(LocalDate.of(2023, 12, 31));
        assertThat(value(released, "5 jan 2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(error(released, "30/02/2023").message()).contains("in the form dd/MM/yyyy or d MMM yyyy");
        assertThat(error(released, "2023-12-31").code()).isEqualTo("date");
    }

    @Test
    void dateTakesXlsxDateCells() {
        assertThat(value(Column.date("d"), LocalDateTime.of(2024, 3, 1, 0, 0))).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(error(Column.date("d"), new BigDecimal("45000")).code()).isEqualTo("date");
    }

    @Test
    void dateTimeTakesIsoWithTOrSpace() {
        Column.Builder at = Column.dateTime("at");
        assertThat(value(at, "2024-03-01T09:30")).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 30));
        assertThat(value(at, "2024-03-01 09:30:15")).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 30, 15));
        assertThat(value(at, "2024-03-01T09:30:15.250")).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 30, 15, 250_000_000));
        assertThat(value(at, "2024-03-01")).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
        assertThat(value(at, LocalDateTime.of(2024, 3, 1, 9, 30))).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-01T24:00", "2024-03-01 9:30", "2024-03-01T09:60", "2024-03-01T09:30:", "2024-02-30 10:00",
            "2024-03-01X09:30", "2024-03-01T09:30:15.", "noon"})
    void dateTimeRefusesBadTimes(String text) {
        var e = error(Column.dateTime("at").label("At"), text);
        assertThat(e.code()).isEqualTo("date");
        assertThat(e.message()).isEqualTo("At '" + text + "' is not a valid date and time in the form yyyy-MM-dd HH:mm.");
    }

    @Test
    void dateTimeTakesDeclaredPatternsWithOrWithoutTime() {
        Column.Builder at = Column.dateTime("at").datePatterns("dd/MM/yyyy HH:mm", "dd/MM/yyyy");
        assertThat(value(at, "01/03/2024 18:05")).isEqualTo(LocalDateTime.of(2024, 3, 1, 18, 5));
        assertThat(value(at, "01/03/2024")).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
    }

    @Test
    void enumMatchesIgnoringCaseAndStoresCanonicalSpelling() {
        Column.Builder role = Column.enumeration("role", "Admin", "editor", "viewer").label("Role");
        assertThat(value(role, "admin")).isEqualTo("Admin");
        assertThat(value(role, " EDITOR ")).isEqualTo("editor");
        var e = error(role, "owner");
        assertThat(e.code()).isEqualTo("enum");
        assertThat(e.message()).isEqualTo("Role 'owner' is not one of Admin, editor, viewer.");
    }

    @Test
    void emailIsKeptAsTypedButTrimmed() {
        assertThat(value(Column.email("email"), " Ada.Lovelace+tag@Example.co.uk ")).isEqualTo("Ada.Lovelace+tag@Example.co.uk");
        assertThat(value(Column.email("email"), "o'brien@xn--80ak6aa92e.xn--p1ai")).isEqualTo("o'brien@xn--80ak6aa92e.xn--p1ai");
        assertThat(value(Column.email("email"), "josé@exämple.de")).isEqualTo("josé@exämple.de");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@", "@example.com", "bob", "bob@example", "bob@@example.com", "bo b@example.com",
            "bob@exa mple.com", ".bob@example.com", "bob.@example.com", "bo..b@example.com", "bob@-example.com",
            "bob@example-.com", "bob@example..com", "bob@example.c", "bob@example.123", "bob@example.com."})
    void emailRefusesMalformedAddresses(String text) {
        var e = error(Column.email("email").label("Email"), text);
        assertThat(e.code()).isEqualTo("email");
        assertThat(e.message()).isEqualTo("Email '" + text + "' is not a valid e-mail address.");
    }
}
