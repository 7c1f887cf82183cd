package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitSession.ChunkResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JdbcTable} on the real PostgreSQL through its COPY fast path. */
class PostgresJdbcTableTest extends JdbcTableContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    static List<StagedRow> codes(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(i -> new StagedRow(i + 1, List.of(i, "label " + i), List.of("" + i, "label " + i), List.of()))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aKeyColumnOfAnotherTypeThanTheSchemaSaysStillUpsertsThroughTheTempTable(CommitMode mode) {
        String table = db.createTable("CREATE TABLE %s (code VARCHAR(20) PRIMARY KEY, label VARCHAR(50))");
        Schema schema = Schema.named("codes").column(Column.integer("code").unique()).column(Column.string("label")).build();
        try (CommitSession s = target(table).open(schema, mode)) {
            assertThat(s.write(codes(1, 10))).isEqualTo(new ChunkResult(10, 0));
            assertThat(s.write(codes(5, 14))).isEqualTo(new ChunkResult(4, 6));
            s.complete();
        }
        assertThat(db.count(table)).isEqualTo(14);
    }
}
