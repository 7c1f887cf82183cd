package dev.sseetl.schema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ValueFormatTest {

    @Test
    void formatsEveryStagedValueType() {
        assertThat(ValueFormat.format(null)).isNull();
        assertThat(ValueFormat.format("Ada")).isEqualTo("Ada");
        assertThat(ValueFormat.format(42L)).isEqualTo("42");
        assertThat(ValueFormat.format(Boolean.TRUE)).isEqualTo("true");
        assertThat(ValueFormat.format(Boolean.FALSE)).isEqualTo("false");
        assertThat(ValueFormat.format(LocalDate.of(2024, 3, 1))).isEqualTo("2024-03-01");
    }

    @Test
    void decimalsNeverUseExponents() {
        assertThat(ValueFormat.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ValueFormat.format(new BigDecimal("0.00000001"))).isEqualTo("0.00000001");
        assertThat(ValueFormat.format(new BigDecimal("19.90"))).isEqualTo("19.90");
    }

    @Test
    void dateTimesUseTAndShowSecondsOnlyWhenSet() {
        assertThat(ValueFormat.format(LocalDateTime.of(2024, 3, 1, 9, 30))).isEqualTo("2024-03-01T09:30");
        assertThat(ValueFormat.format(LocalDateTime.of(2024, 3, 1, 9, 30, 5))).isEqualTo("2024-03-01T09:30:05");
        assertThat(ValueFormat.format(LocalDateTime.of(2024, 3, 1, 0, 0))).isEqualTo("2024-03-01T00:00");
        assertThat(ValueFormat.format(LocalDateTime.of(2024, 3, 1, 9, 30, 0, 500_000_000))).isEqualTo("2024-03-01T09:30:00.500");
    }
}
