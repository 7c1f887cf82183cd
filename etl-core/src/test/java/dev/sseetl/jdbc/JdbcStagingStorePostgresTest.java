package dev.sseetl.jdbc;

import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.testing.StagingStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcStagingStorePostgresTest extends StagingStoreContract {
    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected StagingStore createStore() {
        return new JdbcStagingStore(tables.dataSource, tables.prefix);
    }

    /** Tables (with their indexes and TOAST) of this test's prefix, and their total size on disk. */
    private static long[] rowTablesAndBytes() throws SQLException {
        try (Connection c = tables.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE starts_with(relname, ?)), coalesce(sum(pg_total_relation_size(oid)), 0) "
                        + "FROM pg_class WHERE relkind = 'r' AND starts_with(relname, ?)")) {
            ps.setString(1, tables.prefix + "rows_");
            ps.setString(2, tables.prefix);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private void stageMany(String importId, int rows) {
        try (StagingStore.Writer writer = store.open(importId, 2)) {
            for (int i = 0; i < rows; i++) {
                StagedRow row = aRow(i, i % 7 != 0);
                writer.append(row);
            }
            writer.finish();
        }
    }

    @Test
    void deletingImportsGivesTheirSpaceBack() throws SQLException {
        long[] before = rowTablesAndBytes();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = anImportId();
            ids.add(id);
            stageMany(id, 20_000);
        }
        long[] staged = rowTablesAndBytes();
        assertThat(staged[0]).isEqualTo(before[0] + 4);
        assertThat(staged[1] - before[1]).as("bytes of 4 x 20,000 staged rows").isGreaterThan(4L << 20);

        ids.forEach(store::delete);
        long[] after = rowTablesAndBytes();
        assertThat(after[0]).as("row tables left").isEqualTo(before[0]);
        // only the header table's four dead lines remain of what was written
        assertThat(after[1] - before[1]).as("bytes kept after deleting").isLessThan(64 * 1024);
    }

    @Test
    void stagingAgainDropsTheEarlierAttemptsTable() throws SQLException {
        String id = anImportId();
        long tablesBefore = rowTablesAndBytes()[0];
        stageMany(id, 100);
        stageMany(id, 50);
        assertThat(rowTablesAndBytes()[0]).isEqualTo(tablesBefore + 1);
        assertThat(store.summary(id).total()).isEqualTo(50);
        store.delete(id);
        assertThat(rowTablesAndBytes()[0]).isEqualTo(tablesBefore);
    }

    @Test
    void aWriterClosedUnfinishedLeavesNoTable() throws SQLException {
        long tablesBefore = rowTablesAndBytes()[0];
        try (StagingStore.Writer writer = store.open(anImportId(), 2)) {
            writer.append(aRow(0, true));
        }
        assertThat(rowTablesAndBytes()[0]).isEqualTo(tablesBefore);
    }

    @Test
    void aRowTableWithoutItsImportIsDroppedWhenAStoreIsCreated() throws SQLException {
        String id = anImportId();
        stageMany(id, 10);
        long tablesWithIt = rowTablesAndBytes()[0];
        try (Connection c = tables.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + tables.prefix + "staging WHERE import_id = ?")) {
            ps.setString(1, id); // as a delete that could not wait for a reader leaves it
            ps.executeUpdate();
        }
        new JdbcStagingStore(tables.dataSource, tables.prefix);
        assertThat(rowTablesAndBytes()[0]).isEqualTo(tablesWithIt - 1);
        assertThat(store.summary(id)).isEqualTo(Summary.EMPTY);
    }
}
