package dev.sseetl.rules;

import dev.sseetl.CellError;
import dev.sseetl.rules.Rejection;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleApiTest {
    @Test
    void readyMadeTransformsRewriteText() {
        assertThat(CellTransform.trim().apply(" \u00A0a b\u00A0")).isEqualTo("a b");
        assertThat(CellTransform.collapseWhitespace().apply("New \t  York\u00A0 City")).isEqualTo("New York City");
        assertThat(CellTransform.upperCase().apply("sku-i7")).isEqualTo("SKU-I7");
        assertThat(CellTransform.lowerCase().apply("Ann@Example.COM")).isEqualTo("ann@example.com");
        assertThat(CellTransform.phoneDigits().apply("+62 (21) 555-0199")).isEqualTo("+62215550199");
        assertThat(CellTransform.phoneDigits().apply("unknown")).isEqualTo("unknown");
        assertThat(CellTransform.mapping(Map.of("OLD-7", "SKU-0007")).apply("OLD-7")).isEqualTo("SKU-0007");
        assertThat(CellTransform.mapping(Map.of("OLD-7", "SKU-0007")).apply("SKU-1")).isEqualTo("SKU-1");
    }

    @Test
    void transformsChainAndStopOnceTheCellIsEmpty() {
        CellTransform legacy = CellTransform.upperCase().andThen(CellTransform.mapping(Map.of("OLD-7", "SKU-0007")));
        assertThat(legacy.apply("old-7")).isEqualTo("SKU-0007");
        CellTransform dropDash = text -> text.equals("-") ? null : text;
        assertThat(dropDash.andThen(text -> { throw new AssertionError("not called"); }).apply("-")).isNull();
    }

    @Test
    void aCheckRefusesWithItsRejection() {
        Rejection odd = Rejection.of("even", "is not an even number");
        CellCheck even = CellCheck.of(v -> (Long) v % 2 == 0, odd);
        assertThat(even.check(4L)).isEmpty();
        assertThat(even.check(3L)).isEqualTo(Optional.of(odd));
    }

    @Test
    void aRejectionFillsItsParametersAndReadsLikeTheBuiltInErrors() {
        Rejection late = Rejection.of("end_before_start", "must not be before the start date {start}",
                Map.of("start", LocalDate.of(2024, 3, 1)));
        assertThat(late.params()).containsEntry("start", LocalDate.of(2024, 3, 1));
        assertThat(late.toError("end", "End date", "2024-02-01")).isEqualTo(new CellError("end", "end_before_start",
                "End date '2024-02-01' must not be before the start date 2024-03-01."));
        assertThat(Rejection.of("either", "is needed when {other} is empty", Map.of("other", "E-mail"))
                .toError("phone", "Phone", null).message()).isEqualTo("Phone is needed when E-mail is empty.");
        assertThat(Rejection.of("x", "keeps {unknown} as written").filledPhrase()).isEqualTo("keeps {unknown} as written");
    }

    @Test
    void aRejectionNeedsAStableCodeAndAPhrase() {
        assertThatThrownBy(() -> Rejection.of("Not A Code", "is wrong")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower case letters");
        assertThatThrownBy(() -> Rejection.of("wrong", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a phrase");
    }

    @Test
    void aFixedSetLookupAnswersTheKnownValues() {
        ValueLookup lookup = ValueLookup.of(List.of("SKU-1", "SKU-2"));
        assertThat(lookup.known(List.of("SKU-1", "SKU-3"))).containsExactly("SKU-1");
        assertThat(lookup.batchSize()).isEqualTo(ValueLookup.DEFAULT_BATCH_SIZE);
    }
}
