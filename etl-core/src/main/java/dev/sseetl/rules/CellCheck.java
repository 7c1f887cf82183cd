package dev.sseetl.rules;

import dev.sseetl.rules.Rejection;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The host's own check of one converted value, run after the column's built-in rules accepted the cell, and only
 * for a non-empty cell. The value has the column's type: String (string, e-mail, enum), Long (integer), BigDecimal
 * (decimal), Boolean, LocalDate or LocalDateTime. A refusal becomes the cell's error "Label 'text' phrase." with the
 * rejection's code; a check that throws makes the row invalid with code {@code rule_failed}.
 */
@FunctionalInterface
public interface CellCheck {
    /** Empty when the value is acceptable; otherwise why it is not. */
    Optional<Rejection> check(Object value);

    /**
     * A check that accepts the values {@code accepts} says yes to and refuses the others with {@code rejection}, e.g.
     * {@code CellCheck.of(v -> ((Long) v) % 2 == 0, Rejection.of("even", "is not an even number"))}.
     */
    static CellCheck of(Predicate<Object> accepts, Rejection rejection) {
        Objects.requireNonNull(accepts, "accepts");
        Optional<Rejection> refused = Optional.of(Objects.requireNonNull(rejection, "rejection"));
        return value -> accepts.test(value) ? Optional.empty() : refused;
    }
}
