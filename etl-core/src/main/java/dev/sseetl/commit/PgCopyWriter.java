package dev.sseetl.commit;

import dev.sseetl.StagedRow;
import dev.sseetl.commit.TableShape.TargetColumn;
import dev.sseetl.spi.CommitSession.ChunkResult;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL's fast path. Without a conflict key, the chunk is {@code COPY}ed straight into the table. With one, it
 * is {@code COPY}ed into a session temp table (same column types, no constraints) and moved with one
 * {@code INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE ... RETURNING (xmax = 0)}, whose result counts inserted
 * ({@code xmax = 0}) and updated rows exactly. A chunk that repeats a key (which {@code ON CONFLICT} refuses) goes
 * through the portable path. Loaded only when the database is PostgreSQL, so the driver stays optional.
 */
final class PgCopyWriter implements ChunkWriter {
    private final TableShape shape;
    private final PortableWriter portable;
    private final String tempTable = "sse_etl_" + UUID.randomUUID().toString().replace("-", "");
    private final String copyTarget;
    private final String upsertSql;

    PgCopyWriter(TableShape shape, PortableWriter portable) {
        this.shape = shape;
        this.portable = portable;
        String columns = shape.columnList();
        if (shape.hasKey()) {
            StringBuilder key = new StringBuilder();
            for (int k : shape.keyPositions) {
                key.append(key.length() == 0 ? "" : ", ").append(shape.columns.get(k).sqlName());
            }
            StringBuilder set = new StringBuilder();
            for (TargetColumn c : shape.columns) {
                set.append(set.length() == 0 ? "" : ", ").append(c.sqlName()).append(" = EXCLUDED.").append(c.sqlName());
            }
            this.copyTarget = tempTable;
            this.upsertSql = "WITH w AS (INSERT INTO " + shape.sqlTable + " (" + columns + ") SELECT " + columns
                    + " FROM " + tempTable + " ON CONFLICT (" + key + ") DO UPDATE SET " + set
                    + " RETURNING (xmax = 0) AS fresh) SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM w";
        } else {
            this.copyTarget = shape.sqlTable;
            this.upsertSql = null;
        }
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        if (shape.hasKey()) {
            try (Statement st = connection.createStatement()) {
                // CREATE TABLE AS keeps the column types but none of the constraints, which the INSERT checks
                st.execute("CREATE TEMP TABLE " + tempTable + " AS SELECT " + shape.columnList() + " FROM "
                        + shape.sqlTable + " WITH NO DATA");
            }
        }
    }

    @Override
    public ChunkResult write(Connection connection, List<StagedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new ChunkResult(0, 0);
        }
        if (shape.hasKey() && repeatsKey(rows)) {
            return portable.write(connection, rows);
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = connection.createStatement()) {
            if (!shape.hasKey()) {
                long n = copyIn(copy, rows);
                return new ChunkResult(n, 0);
            }
            st.execute("TRUNCATE " + tempTable);
            copyIn(copy, rows);
            try (ResultSet rs = st.executeQuery(upsertSql)) {
                rs.next();
                return new ChunkResult(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    @Override
    public void release(Connection connection) throws SQLException {
        if (shape.hasKey()) {
            try (Statement st = connection.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + tempTable);
            }
        }
    }

    private boolean repeatsKey(List<StagedRow> rows) {
        Set<List<Object>> keys = new HashSet<>();
        for (StagedRow row : rows) {
            if (!keys.add(portable.keyOf(row))) {
                return true;
            }
        }
        return false;
    }

    private long copyIn(CopyManager copy, List<StagedRow> rows) throws SQLException {
        StringBuilder csv = new StringBuilder(rows.size() * 64);
        for (StagedRow row : rows) {
            boolean first = true;
            for (TargetColumn c : shape.columns) {
                if (!first) {
                    csv.append(',');
                }
                first = false;
                appendCsv(csv, row.values().get(c.valueIndex()));
            }
            csv.append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        try {
            return copy.copyIn("COPY " + copyTarget + " (" + shape.columnList() + ") FROM STDIN WITH (FORMAT csv)",
                    new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    /** CSV for COPY: null is an empty unquoted field, text is always quoted (so "" stays an empty string). */
    private static void appendCsv(StringBuilder csv, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String s) {
            csv.append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '"') {
                    csv.append('"');
                }
                csv.append(ch);
            }
            csv.append('"');
        } else if (value instanceof BigDecimal d) {
            csv.append(d.toPlainString());
        } else {
            csv.append(value); // Long, Boolean (true/false), LocalDate and LocalDateTime (ISO 8601)
        }
    }
}
