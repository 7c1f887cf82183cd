package dev.sseetl.commit;

import dev.sseetl.spi.Checkpoint;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession.ChunkResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The checkpoint rows of commits into JDBC tables, in table {@value #TABLE} of the target database: one row per
 * committed chunk, inserted in the chunk's own transaction (first, so a second attempt writing the same chunk waits
 * on its key and is then refused), and for an all-or-nothing commit one row with chunk -1 in its one transaction.
 * A resumed or retried commit reads them to start after the last committed chunk: no row is written twice, also
 * into a table without a unique key.
 */
final class CommitCheckpoints {
    static final String TABLE = "etl_commit_checkpoint";
    private static final int COMPLETE = -1;

    private CommitCheckpoints() {
    }

    /** Creates the table when missing (two nodes racing on it is harmless). */
    static void ensureTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (import_id VARCHAR(64) NOT NULL, chunk INT NOT NULL, "
                    + "row_count INT NOT NULL, inserted BIGINT NOT NULL, updated BIGINT NOT NULL, "
                    + "PRIMARY KEY (import_id, chunk))");
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e; // else another node created it at the same moment
            }
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Inserts the chunk's row in the current transaction; refused (unique violation) when it is committed already. */
    static void claim(Connection c, ChunkKey key, int rows) throws SQLException {
        insert(c, key.importId(), key.chunk(), rows, 0, 0);
    }

    /** Records the chunk's counts in the current transaction, after its rows were written. */
    static void counts(Connection c, ChunkKey key, ChunkResult result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
                + " SET inserted = ?, updated = ? WHERE import_id = ? AND chunk = ?")) {
            ps.setLong(1, result.inserted());
            ps.setLong(2, result.updated());
            ps.setString(3, key.importId());
            ps.setInt(4, key.chunk());
            ps.executeUpdate();
        }
    }

    /** Records, in an all-or-nothing commit's one transaction, that all its rows are in. */
    static void complete(Connection c, String importId, long rows, long inserted, long updated) throws SQLException {
        insert(c, importId, COMPLETE, (int) Math.min(Integer.MAX_VALUE, rows), inserted, updated);
    }

    /** What earlier attempts committed for the import. */
    static Checkpoint read(Connection c, String importId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT chunk, row_count, inserted, updated FROM " + TABLE
                + " WHERE import_id = ? ORDER BY chunk")) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                int chunks = 0;
                long rows = 0;
                long inserted = 0;
                long updated = 0;
                while (rs.next()) {
                    if (rs.getInt(1) == COMPLETE) {
                        return new Checkpoint(0, rs.getLong(2), rs.getLong(3), rs.getLong(4), true);
                    }
                    chunks++;
                    rows += rs.getLong(2);
                    inserted += rs.getLong(3);
                    updated += rs.getLong(4);
                }
                return new Checkpoint(chunks, rows, inserted, updated, false);
            }
        }
    }

    private static void insert(Connection c, String importId, int chunk, int rows, long inserted, long updated)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (import_id, chunk, row_count, inserted, updated) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, importId);
            ps.setInt(2, chunk);
            ps.setInt(3, rows);
            ps.setLong(4, inserted);
            ps.setLong(5, updated);
            ps.executeUpdate();
        }
    }
}
