package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.StagedRow;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitSession.ChunkResult;
import dev.sseetl.spi.CommitSession.CommitFailure;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CallbackTarget} hands typed chunks to host code and turns its failures into row-naming commit failures. */
class CallbackTargetTest {
    private static final List<StagedRow> ROWS = JdbcTableContract.people(2, 3, "p");

    @Test
    void handsEachChunkAsTypedRowsKeyedByColumnWithTheirSourceRowNumbers() {
        List<CallbackTarget.Chunk> seen = new ArrayList<>();
        try (CommitSession s = CallbackTarget.of(chunk -> {
            seen.add(chunk);
            return null;
        }).open(JdbcTableContract.PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(ROWS)).isEqualTo(new ChunkResult(3, 0));
            s.complete();
        }
        assertThat(seen).hasSize(1);
        CallbackTarget.Chunk chunk = seen.get(0);
        assertThat(chunk.rowNumbers()).containsExactly(2L, 3L, 4L);
        assertThat(chunk.mode()).isEqualTo(CommitMode.VALID_ROWS);
        Map<String, Object> first = chunk.rows().get(0);
        assertThat(first.keySet()).containsExactly("email", "name", "age", "balance", "active", "born", "seen");
        assertThat(first).containsEntry("email", "p2@example.com").containsEntry("age", 2L)
                .containsEntry("balance", new BigDecimal("10.50")).containsEntry("born", LocalDate.of(1990, 1, 2));
    }

    @Test
    void countsWhatTheHandlerReports() {
        try (CommitSession s = CallbackTarget.of(chunk -> new ChunkResult(1, 2))
                .open(JdbcTableContract.PEOPLE, CommitMode.VALID_ROWS)) {
            assertThat(s.write(ROWS)).isEqualTo(new ChunkResult(1, 2));
        }
    }

    @Test
    void aHandlerExceptionFailsNamingTheChunksFirstRow() {
        try (CommitSession s = CallbackTarget.of(chunk -> {
            throw new IllegalStateException("REST service answered 503");
        }).open(JdbcTableContract.PEOPLE, CommitMode.VALID_ROWS)) {
            assertThatThrownBy(() -> s.write(ROWS)).isInstanceOfSatisfying(CommitFailure.class, f -> {
                assertThat(f.row()).isEqualTo(2);
                assertThat(f.getMessage()).isEqualTo("REST service answered 503");
            });
        }
    }

    @Test
    void aHandlerCanNameTheRefusedRowItself() {
        try (CommitSession s = CallbackTarget.of(chunk -> {
            throw new CommitFailure(chunk.rowNumbers().get(1), "duplicate customer", null);
        }).open(JdbcTableContract.PEOPLE, CommitMode.VALID_ROWS)) {
            assertThatThrownBy(() -> s.write(ROWS)).isInstanceOfSatisfying(CommitFailure.class,
                    f -> assertThat(f.row()).isEqualTo(3));
        }
    }

    @Test
    void completeOrRollbackIsCalledExactlyOnce() {
        List<String> calls = new ArrayList<>();
        CallbackTarget.Handler handler = new CallbackTarget.Handler() {
            @Override
            public ChunkResult write(CallbackTarget.Chunk chunk) {
                calls.add("write");
                return null;
            }

            @Override
            public void complete(dev.sseetl.schema.Schema schema, CommitMode mode) {
                calls.add("complete " + mode);
            }

            @Override
            public void rollback(dev.sseetl.schema.Schema schema, CommitMode mode) {
                calls.add("rollback " + mode);
            }
        };
        try (CommitSession s = CallbackTarget.of(handler).open(JdbcTableContract.PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            s.write(ROWS);
            s.complete();
        }
        try (CommitSession s = CallbackTarget.of(handler).open(JdbcTableContract.PEOPLE, CommitMode.ALL_OR_NOTHING)) {
            s.write(ROWS);
            s.close();
        }
        assertThat(calls).containsExactly("write", "complete ALL_OR_NOTHING", "write", "rollback ALL_OR_NOTHING");
    }
}
