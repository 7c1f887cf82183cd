package dev.sseetl.commit;

import dev.sseetl.StagedRow;
import dev.sseetl.commit.TableShape.TargetColumn;
import dev.sseetl.spi.CommitSession.ChunkResult;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL's fast path. Without a conflict key, or when one indexed query shows none of the chunk's keys exists yet,
 * the chunk is {@code COPY}ed straight into the table. Otherwise it is {@code COPY}ed into a session temp table (same column types, no constraints) and moved with one
 * {@code INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE ... RETURNING (xmax = 0)}, whose result counts inserted
 * ({@code xmax = 0}) and updated rows exactly. A chunk that repeats a key (which {@code ON CONFLICT} refuses) goes
 * through the portable path. Loaded only when the database is PostgreSQL, so the driver stays optional.
 */
final class PgCopyWriter implements ChunkWriter {
    private static final int FLUSH_CHARS = 64 * 1024;

    private final TableShape shape;
    private final PortableWriter portable;
    private final String tempTable = "sse_etl_" + UUID.randomUUID().toString().replace("-", "");
    private final String upsertSql;
    /** Counts the chunk's keys already in the table (single-column keys only), or null. */
    private final String existingSql;
    private final String keyArrayType;
    /** Whether the key probe works on this table (decided on the first chunk). */
    private Boolean probeWorks;

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
            this.keyArrayType = shape.keyPositions.length == 1 ? arrayType(shape.columns.get(shape.keyPositions[0])) : null;
            this.existingSql = keyArrayType == null ? null : "SELECT count(*) FROM " + shape.sqlTable + " WHERE " + key + " = ANY (?)";
            this.upsertSql = "WITH w AS (INSERT INTO " + shape.sqlTable + " (" + columns + ") SELECT " + columns
                    + " FROM " + tempTable + " ON CONFLICT (" + key + ") DO UPDATE SET " + set
                    + " RETURNING (xmax = 0) AS fresh) SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM w";
        } else {
            this.upsertSql = null;
            this.existingSql = null;
            this.keyArrayType = null;
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
                long n = copyIn(copy, shape.sqlTable, rows);
                return new ChunkResult(n, 0);
            }
            if (noKeyExists(connection, rows)) {
                // a chunk of new rows only: straight into the table, as fast as COPY goes
                return new ChunkResult(copyIn(copy, shape.sqlTable, rows), 0);
            }
            st.execute("TRUNCATE " + tempTable);
            copyIn(copy, tempTable, rows);
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

    /**
     * True when none of the chunk's keys is in the table yet (asked with one indexed {@code = ANY} query). The first
     * chunk tries the query under a savepoint; if the key column's type does not take the schema's value type, the
     * probe is switched off and every chunk takes the upsert path.
     */
    private boolean noKeyExists(Connection connection, List<StagedRow> rows) throws SQLException {
        if (existingSql == null || Boolean.FALSE.equals(probeWorks)) {
            return false;
        }
        TargetColumn key = shape.columns.get(shape.keyPositions[0]);
        Object[] keys = new Object[rows.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rows.get(i).values().get(key.valueIndex());
        }
        Savepoint probe = probeWorks == null ? connection.setSavepoint() : null;
        try (PreparedStatement ps = connection.prepareStatement(existingSql)) {
            ps.setArray(1, connection.createArrayOf(keyArrayType, keys));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean none = rs.getLong(1) == 0;
                if (probe != null) {
                    connection.releaseSavepoint(probe);
                    probeWorks = true;
                }
                return none;
            }
        } catch (SQLException e) {
            if (probe == null) {
                throw e;
            }
            connection.rollback(probe);
            probeWorks = false;
            return false;
        }
    }

    /** The PostgreSQL array element type for a key column's values. */
    private static String arrayType(TargetColumn column) {
        return switch (column.type()) {
            case INTEGER -> "int8";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "bool";
            case DATE -> "date";
            case DATETIME -> "timestamp";
            case STRING, ENUM, EMAIL -> "varchar";
        };
    }

    /** Streams the rows as CSV into {@code COPY}, in pieces of about 64 KB, so the server parses while we encode. */
    private long copyIn(CopyManager copy, String into, List<StagedRow> rows) throws SQLException {
        CopyIn in = copy.copyIn("COPY " + into + " (" + shape.columnList() + ") FROM STDIN WITH (FORMAT csv)");
        try {
            StringBuilder csv = new StringBuilder(FLUSH_CHARS + 4096);
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
                if (csv.length() >= FLUSH_CHARS) {
                    send(in, csv);
                }
            }
            send(in, csv);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void send(CopyIn in, StringBuilder csv) throws SQLException {
        if (csv.length() > 0) {
            byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            csv.setLength(0);
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
