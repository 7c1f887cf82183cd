package dev.sseetl.internal;

import dev.sseetl.CellError;
import dev.sseetl.StagedRow;
import dev.sseetl.rules.ValueLookup;
import dev.sseetl.rules.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks the values of look-up columns in batches while rows stream from the validator to the staging store.
 * <p>
 * Design: rows are held in a bounded window until every look-up value they hold is answered, then released in
 * source order to the sink (the staging writer) with their {@code exists} errors already on them. A row is written
 * once and correct, so no staging store needs a way to change staged rows afterwards, and the valid/invalid counts
 * of progress and summary are right from the first row. The alternative, staging at once and marking unknown rows
 * invalid afterwards, needs an update SPI on every store (the disk store's files are append-only) and, in the worst
 * case, a million pending errors in memory.
 * <p>
 * Memory stays bounded whatever the file: the window holds at most {@code maxHeldRows} rows (default 4 x the
 * batch size, 8,000 rows); each column's set of values waiting for an answer holds at most its look-up's
 * {@link ValueLookup#batchSize()} values, because reaching it sends the batch; answers are remembered for the
 * {@code rememberedAnswers} most recently used values per column (default 100,000, about 10 MB of short strings), so
 * a value repeated anywhere in a file of up to that many distinct values is asked once. A 1,000,000-row file with
 * 1,000,000 distinct values therefore holds some 8,000 rows and 2,000 pending plus 100,000 remembered values at a
 * time, and sends 500 queries of 2,000 values.
 * <p>
 * A look-up that throws refuses the cells of that batch with code {@code rule_failed} (logged once per batch with
 * the import id); the import goes on. Not thread-safe: one buffering thread feeds it.
 */
final class LookupBatcher {
    private static final Logger log = LoggerFactory.getLogger(LookupBatcher.class);
    static final int DEFAULT_REMEMBERED_ANSWERS = 100_000;
    static final Rejection UNKNOWN = Rejection.of("exists", "is not a known value");

    /**
     * One looked-up column.
     *
     * @param index  the column's position in {@link StagedRow#values()}
     * @param key    the schema column key
     * @param label  the column's label, for messages
     * @param lookup who knows the column's values
     */
    record Column(int index, String key, String label, ValueLookup lookup) {
        Column {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(lookup, "lookup");
            if (lookup.batchSize() <= 0) {
                throw new IllegalArgumentException("look-up of column '" + key + "': batchSize must be greater than 0");
            }
        }
    }

    private final String importId;
    private final Column[] columns;
    private final Map<Object, Boolean>[] answers;
    private final Set<Object>[] pending;
    private final boolean[] failed;
    private final ArrayDeque<StagedRow> held = new ArrayDeque<>();
    private final int maxHeldRows;
    private final Consumer<StagedRow> sink;
    private long calls;

    LookupBatcher(String importId, List<Column> columns, Consumer<StagedRow> sink) {
        this(importId, columns, 4 * columns.stream().mapToInt(c -> c.lookup().batchSize()).max().orElse(1),
                DEFAULT_REMEMBERED_ANSWERS, sink);
    }

    @SuppressWarnings("unchecked")
    LookupBatcher(String importId, List<Column> columns, int maxHeldRows, int rememberedAnswers,
                  Consumer<StagedRow> sink) {
        int largestBatch = columns.stream().mapToInt(c -> c.lookup().batchSize()).max().orElse(1);
        if (maxHeldRows <= 0 || rememberedAnswers < largestBatch) {
            // fewer remembered answers than one batch would forget answers before their rows are released
            throw new IllegalArgumentException("maxHeldRows must be greater than 0 and rememberedAnswers at least "
                    + largestBatch + ", got " + maxHeldRows + " and " + rememberedAnswers);
        }
        this.importId = importId;
        this.columns = columns.toArray(Column[]::new);
        this.maxHeldRows = maxHeldRows;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.answers = new Map[this.columns.length];
        this.pending = new Set[this.columns.length];
        this.failed = new boolean[this.columns.length];
        for (int c = 0; c < this.columns.length; c++) {
            answers[c] = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                    return size() > rememberedAnswers;
                }
            };
            pending[c] = new LinkedHashSet<>();
        }
    }

    /** Takes the next row in source order; releases held rows to the sink once a batch was answered. */
    void accept(StagedRow row) {
        boolean waits = !held.isEmpty();
        boolean full = false;
        for (int c = 0; c < columns.length; c++) {
            Object value = lookedUp(row, c);
            if (value != null && !answers[c].containsKey(value)) {
                waits = true;
                pending[c].add(value);
                full |= pending[c].size() >= columns[c].lookup().batchSize();
            }
        }
        if (!waits) {
            sink.accept(flagged(row, false)); // every value already answered: nothing to wait for
            return;
        }
        held.addLast(flagged(row, false));
        if (full || held.size() >= maxHeldRows) {
            flush();
        }
    }

    /** Asks for what is still pending and releases every held row; call once after the last row. */
    void finish() {
        flush();
    }

    /** Calls to the look-ups so far. */
    long calls() {
        return calls;
    }

    /** Rows waiting for an answer (at most the window). */
    int heldRows() {
        return held.size();
    }

    private void flush() {
        for (int c = 0; c < columns.length; c++) {
            failed[c] = false;
            if (pending[c].isEmpty()) {
                continue;
            }
            List<Object> asked = new ArrayList<>(pending[c]);
            pending[c].clear();
            calls++;
            Set<Object> known;
            try {
                known = Objects.requireNonNull(columns[c].lookup().known(asked), "the look-up answered null");
            } catch (RuntimeException e) {
                log.warn("Import {}: the look-up of column '{}' failed for {} values; their rows are marked "
                        + "rule_failed", importId, columns[c].key(), asked.size(), e);
                failed[c] = true;
                continue;
            }
            for (Object v : asked) {
                answers[c].put(v, known.contains(v));
            }
        }
        while (!held.isEmpty()) {
            sink.accept(flagged(held.pollFirst(), true));
        }
    }

    /**
     * The row with an error on each looked-up cell known to be unknown (or, when {@code final}, whose look-up
     * failed). Rows are flagged when held too, for the values answered before they arrived.
     */
    private StagedRow flagged(StagedRow row, boolean last) {
        List<CellError> errors = null;
        for (int c = 0; c < columns.length; c++) {
            Object value = lookedUp(row, c);
            if (value == null) {
                continue;
            }
            Boolean known = answers[c].get(value);
            Rejection refusal = known == null ? (last && failed[c] ? Rejection.ruleFailed() : null)
                    : known ? null : UNKNOWN;
            if (refusal != null) {
                if (errors == null) {
                    errors = new ArrayList<>(row.errors());
                }
                errors.add(refusal.toError(columns[c].key(), columns[c].label(), row.raw().get(columns[c].index())));
            }
        }
        return errors == null ? row : new StagedRow(row.row(), row.values(), row.raw(), errors);
    }

    /** The value of column {@code c} to look up: null when empty, or when the cell already has an error. */
    private Object lookedUp(StagedRow row, int c) {
        Object value = row.values().get(columns[c].index());
        if (value == null) {
            return null;
        }
        for (CellError e : row.errors()) {
            if (columns[c].key().equals(e.column())) {
                return null;
            }
        }
        return value;
    }
}
