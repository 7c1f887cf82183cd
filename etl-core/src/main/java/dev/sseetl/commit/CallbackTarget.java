package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hands chunks of typed rows to host code (JPA, a REST call, anything). An exception from the handler fails the
 * commit naming the chunk's first row, unless the handler throws a {@link CommitSession.CommitFailure} naming the
 * row itself.
 */
public final class CallbackTarget implements CommitTarget {
    private final Handler handler;

    private CallbackTarget(Handler handler) {
        this.handler = handler;
    }

    /** A target calling {@code handler} once per chunk. */
    public static CallbackTarget of(Handler handler) {
        return new CallbackTarget(Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Receives the chunks of one commit. Only {@link #write} is required; in {@link CommitMode#ALL_OR_NOTHING}
     * override {@link #complete} and {@link #rollback} to end the host's own transaction.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Writes one chunk.
         *
         * @return how many rows were inserted and updated, or null when every row of the chunk was inserted
         * @throws Exception any failure; the commit fails (throw a {@link CommitSession.CommitFailure} to name the row)
         */
        CommitSession.ChunkResult write(Chunk chunk) throws Exception;

        /** Called once after the last chunk when the commit succeeded. */
        default void complete(Schema schema, CommitMode mode) throws Exception {
        }

        /** Called once when the commit did not complete (failure or cancel). */
        default void rollback(Schema schema, CommitMode mode) throws Exception {
        }
    }

    /**
     * One chunk of valid rows.
     *
     * @param schema     the schema the rows follow
     * @param mode       the commit's mode
     * @param rows       each row as column key -> typed value (String, Long, BigDecimal, Boolean, LocalDate,
     *                   LocalDateTime or null), in schema column order
     * @param rowNumbers the source row number of each row, aligned with {@code rows}
     */
    public record Chunk(Schema schema, CommitMode mode, List<Map<String, Object>> rows, List<Long> rowNumbers) {
        public Chunk {
            rows = List.copyOf(rows);
            rowNumbers = List.copyOf(rowNumbers);
        }
    }
}
