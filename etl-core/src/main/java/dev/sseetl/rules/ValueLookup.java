package dev.sseetl.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells which values of a column are known to the host (the SKU exists in the catalogue, the manager's e-mail is a
 * user), asked in batches: the engine collects distinct converted values while it buffers and calls
 * {@link #known(Collection)} with up to {@link #batchSize()} of them at a time, never once per row. Rows whose value
 * is not in the answer are refused with code {@code exists}. Empty cells and cells the column's own rules refused
 * are not looked up.
 * <p>
 * Called from the buffering thread of one import at a time, but several imports may call it concurrently: keep it
 * thread-safe. An exception refuses the rows of that batch with code {@code rule_failed}; the import goes on.
 */
@FunctionalInterface
public interface ValueLookup {
    /** Distinct values per call unless {@link #batchSize()} says otherwise. */
    int DEFAULT_BATCH_SIZE = 2_000;

    /**
     * The subset of {@code values} that is known. The values are distinct and of the column's type (String, Long,
     * BigDecimal, Boolean, LocalDate or LocalDateTime); the answer must contain them as given (equal objects).
     */
    Set<Object> known(Collection<Object> values);

    /** The most distinct values one call receives; greater than 0. */
    default int batchSize() {
        return DEFAULT_BATCH_SIZE;
    }

    /** A look-up answering from a fixed set of known values, e.g. codes the application keeps in memory. */
    static ValueLookup of(Collection<?> knownValues) {
        Set<Object> known = Set.copyOf(knownValues);
        return values -> {
            Set<Object> hits = new HashSet<>();
            for (Object v : values) {
                if (known.contains(v)) {
                    hits.add(v);
                }
            }
            return hits;
        };
    }
}
