package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;

import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /** A session that turns each chunk of staged rows into a {@link Chunk} and hands it to the handler. */
    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        return new Session(Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(mode, "mode"));
    }

    private final class Session implements CommitSession {
        private final Schema schema;
        private final CommitMode mode;
        private boolean completed;
        private boolean closed;

        Session(Schema schema, CommitMode mode) {
            this.schema = schema;
            this.mode = mode;
        }

        @Override
        public ChunkResult write(List<StagedRow> rows) {
            return write(null, rows);
        }

        @Override
        public ChunkResult write(ChunkKey key, List<StagedRow> rows) {
            if (rows.isEmpty()) {
                return new ChunkResult(0, 0);
            }
            List<Column> columns = schema.columns();
            List<Map<String, Object>> maps = new ArrayList<>(rows.size());
            List<Long> numbers = new ArrayList<>(rows.size());
            for (StagedRow row : rows) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    map.put(columns.get(i).key(), i < row.values().size() ? row.values().get(i) : null);
                }
                maps.add(Collections.unmodifiableMap(map));
                numbers.add(row.row());
            }
            try {
                ChunkResult result = handler.write(new Chunk(schema, mode, maps, numbers, key));
                return result == null ? new ChunkResult(rows.size(), 0) : result;
            } catch (CommitFailure e) {
                throw e;
            } catch (Exception e) {
                String message = e.getMessage() == null || e.getMessage().isBlank()
                        ? "the receiving code failed (" + e.getClass().getSimpleName() + ")" : e.getMessage();
                throw new CommitFailure(rows.get(0).row(), message, e);
            }
        }

        @Override
        public void complete() {
            try {
                handler.complete(schema, mode);
                completed = true;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ImportException(ErrorCode.INTERNAL, "The receiving code could not finish the commit: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!completed) {
                try {
                    handler.rollback(schema, mode);
                } catch (Exception e) {
                    LoggerFactory.getLogger(CallbackTarget.class).warn("Rollback handler of schema {} failed: {}",
                            schema.name(), e.toString());
                }
            }
        }
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
     * @param key        the chunk's import id and number, or null when the engine gave none. The same key may
     *                   arrive again after a node died or a failed commit was retried (your writes are not in the
     *                   engine's transaction): skip a key you already wrote, e.g. with a table of written keys in
     *                   the same transaction as the rows
     */
    public record Chunk(Schema schema, CommitMode mode, List<Map<String, Object>> rows, List<Long> rowNumbers,
                        ChunkKey key) {
        public Chunk {
            rows = List.copyOf(rows);
            rowNumbers = List.copyOf(rowNumbers);
        }

        /** A chunk without a key. */
        public Chunk(Schema schema, CommitMode mode, List<Map<String, Object>> rows, List<Long> rowNumbers) {
            this(schema, mode, rows, rowNumbers, null);
        }
    }
}
