package dev.sseetl.commit;

import dev.sseetl.StagedRow;
import dev.sseetl.commit.TableShape.TargetColumn;
import dev.sseetl.spi.CommitSession.ChunkResult;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upsert that every database understands: a batch of {@code UPDATE ... WHERE key = ?}, whose per-row update counts
 * say exactly which rows exist, then a batch of {@code INSERT} for the others. A key repeated within one chunk is
 * written in a later round, so its second occurrence updates the row the first inserted. Without a conflict key it
 * only inserts.
 */
final class PortableWriter implements ChunkWriter {
    private final TableShape shape;
    private final int batchSize;
    private final String insertSql;
    private final String updateSql;

    PortableWriter(TableShape shape, int batchSize) {
        this.shape = shape;
        this.batchSize = batchSize;
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < shape.columns.size(); i++) {
            marks.append(i == 0 ? "?" : ", ?");
        }
        this.insertSql = "INSERT INTO " + shape.sqlTable + " (" + shape.columnList() + ") VALUES (" + marks + ")";
        this.updateSql = shape.hasKey() ? updateSql(shape) : null;
    }

    private static String updateSql(TableShape shape) {
        StringBuilder set = new StringBuilder();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < shape.columns.size(); i++) {
            if (!isKey(shape, i)) {
                set.append(set.length() == 0 ? "" : ", ").append(shape.columns.get(i).sqlName()).append(" = ?");
            }
        }
        for (int k : shape.keyPositions) {
            String name = shape.columns.get(k).sqlName();
            where.append(where.length() == 0 ? "" : " AND ").append(name).append(" = ?");
            if (set.length() == 0) {
                set.append(name).append(" = ").append(name); // every column is a key column: a no-op update
            }
        }
        return "UPDATE " + shape.sqlTable + " SET " + set + " WHERE " + where;
    }

    private static boolean isKey(TableShape shape, int position) {
        for (int k : shape.keyPositions) {
            if (k == position) {
                return true;
            }
        }
        return false;
    }

    /** Whether rows are upserted on a conflict key (else only inserted). */
    boolean hasKey() {
        return shape.hasKey();
    }

    @Override
    public ChunkResult write(Connection connection, List<StagedRow> rows) throws SQLException {
        if (!shape.hasKey()) {
            insert(connection, rows);
            return new ChunkResult(rows.size(), 0);
        }
        long inserted = 0;
        long updated = 0;
        for (List<StagedRow> round : rounds(rows)) {
            List<StagedRow> missing = update(connection, round);
            insert(connection, missing);
            inserted += missing.size();
            updated += round.size() - missing.size();
        }
        return new ChunkResult(inserted, updated);
    }

    /** Writes one row on its own (used to find the row a failed chunk stumbled on). */
    void writeOne(Connection connection, StagedRow row) throws SQLException {
        if (shape.hasKey()) {
            try (PreparedStatement ps = connection.prepareStatement(updateSql)) {
                bindUpdate(ps, row);
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            bindInsert(ps, row);
            ps.executeUpdate();
        }
    }

    /** Splits rows so no key appears twice in one round; the n-th occurrence of a key goes to round n. */
    private List<List<StagedRow>> rounds(List<StagedRow> rows) {
        List<List<StagedRow>> rounds = new ArrayList<>();
        Map<List<Object>, Integer> seen = new HashMap<>();
        for (StagedRow row : rows) {
            int round = seen.merge(keyOf(row), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(row);
        }
        return rounds;
    }

    /** The row's conflict key values, normalised the way the database compares them (1.0 = 1.00). */
    List<Object> keyOf(StagedRow row) {
        List<Object> key = new ArrayList<>(shape.keyPositions.length);
        for (int k : shape.keyPositions) {
            Object v = row.values().get(shape.columns.get(k).valueIndex());
            key.add(v instanceof BigDecimal d ? d.stripTrailingZeros() : v);
        }
        return key;
    }

    /** Updates the rows whose key exists; returns the rows that matched none. */
    private List<StagedRow> update(Connection connection, List<StagedRow> rows) throws SQLException {
        List<StagedRow> missing = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(updateSql)) {
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<StagedRow> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
                for (StagedRow row : batch) {
                    bindUpdate(ps, row);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < batch.size(); i++) {
                    int count = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
                    if (count == Statement.SUCCESS_NO_INFO) {
                        // the driver does not say which rows matched: ask row by row
                        bindUpdate(ps, batch.get(i));
                        count = ps.executeUpdate();
                    }
                    if (count == 0) {
                        missing.add(batch.get(i));
                    }
                }
            }
        }
        return missing;
    }

    private void insert(Connection connection, List<StagedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            int pending = 0;
            for (StagedRow row : rows) {
                bindInsert(ps, row);
                ps.addBatch();
                if (++pending == batchSize) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private void bindInsert(PreparedStatement ps, StagedRow row) throws SQLException {
        int p = 1;
        for (TargetColumn c : shape.columns) {
            bind(ps, p++, row.values().get(c.valueIndex()), c);
        }
    }

    private void bindUpdate(PreparedStatement ps, StagedRow row) throws SQLException {
        int p = 1;
        for (int i = 0; i < shape.columns.size(); i++) {
            if (!isKey(shape, i)) {
                TargetColumn c = shape.columns.get(i);
                bind(ps, p++, row.values().get(c.valueIndex()), c);
            }
        }
        for (int k : shape.keyPositions) {
            TargetColumn c = shape.columns.get(k);
            bind(ps, p++, row.values().get(c.valueIndex()), c);
        }
    }

    /** Binds a staged value with the JDBC type of its schema column. */
    static void bind(PreparedStatement ps, int index, Object value, TargetColumn column) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType(column));
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else {
            ps.setObject(index, value); // LocalDate, LocalDateTime: JDBC 4.2 maps them to DATE and TIMESTAMP
        }
    }

    private static int sqlType(TargetColumn column) {
        return switch (column.type()) {
            case INTEGER -> Types.BIGINT;
            case DECIMAL -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case DATE -> Types.DATE;
            case DATETIME -> Types.TIMESTAMP;
            case STRING, ENUM, EMAIL -> Types.VARCHAR;
        };
    }
}
