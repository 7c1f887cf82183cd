package dev.sseetl.commit;

import dev.sseetl.StagedRow;
import dev.sseetl.spi.CommitSession.ChunkResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Writes one chunk inside the caller's transaction and counts inserted and updated rows exactly. */
interface ChunkWriter {
    /** Prepares per-connection state (e.g. a temp table) inside the current transaction. */
    default void prepare(Connection connection) throws SQLException {
    }

    ChunkResult write(Connection connection, List<StagedRow> rows) throws SQLException;

    /** Drops per-connection state; called after the last transaction ended. */
    default void release(Connection connection) throws SQLException {
    }
}
