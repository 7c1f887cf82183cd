package dev.sseetl.examples;

import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's H2 database file in the data folder (or, for the Spring Boot demo, the app's H2 DataSource). Creates a
 * table for each schema when missing (an {@code id} identity column, one column per schema column, a unique
 * constraint on the schema's unique key) and reads back the newest committed rows.
 */
public final class DemoDatabase implements AutoCloseable {
    /** The table of known suppliers that the {@code products} schema's supplier column is looked up in. */
    static final String SUPPLIERS = "suppliers";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource pool;
    private final JdbcConnectionPool ownPool;

    DemoDatabase(Path dataDir) {
        // Names match whatever their case and quoting, whoever writes the SQL (this class or JdbcTable).
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("demo")
                + ";DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        this.ownPool = JdbcConnectionPool.create(url, "sa", "");
        this.pool = ownPool;
    }

    /**
     * Tables in a host's H2 database (the Spring Boot demo), which keeps ownership of the DataSource. Its URL should
     * carry {@code DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE} like the demo's own file.
     */
    public DemoDatabase(DataSource dataSource) {
        this.pool = java.util.Objects.requireNonNull(dataSource, "dataSource");
        this.ownPool = null;
    }

    DataSource dataSource() {
        return pool;
    }

    /** True when the name can be used as a table or column name here. */
    static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** Creates the {@link #SUPPLIERS} table with the codes ACME, GLOBEX and INITECH, unless it exists. */
    public void createSuppliersIfMissing() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + SUPPLIERS + " (code VARCHAR(20) PRIMARY KEY, name VARCHAR(200))");
            s.execute("MERGE INTO " + SUPPLIERS + " (code, name) KEY (code) VALUES ('ACME', 'Acme Corporation'),"
                    + " ('GLOBEX', 'Globex'), ('INITECH', 'Initech')");
        }
    }

    /** Creates the schema's table unless it exists. */
    public void createTableIfMissing(Schema schema, String table) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(quote(table))
                .append(" (id BIGINT AUTO_INCREMENT PRIMARY KEY");
        for (Column c : schema.columns()) {
            ddl.append(", ").append(quote(c.key())).append(' ').append(sqlType(c));
            if (c.required()) {
                ddl.append(" NOT NULL");
            }
        }
        if (!schema.uniqueKey().isEmpty()) {
            ddl.append(", UNIQUE (");
            for (int i = 0; i < schema.uniqueKey().size(); i++) {
                ddl.append(i == 0 ? "" : ", ").append(quote(schema.uniqueKey().get(i)));
            }
            ddl.append(')');
        }
        ddl.append(')');
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl.toString());
        }
    }

    private static String sqlType(Column c) {
        return switch (c.type()) {
            case STRING -> "VARCHAR(" + (c.maxLength() == null ? 4000 : c.maxLength()) + ")";
            case EMAIL -> "VARCHAR(320)";
            case ENUM -> "VARCHAR(200)";
            case INTEGER -> "BIGINT";
            case DECIMAL -> "DECIMAL(30," + (c.scale() == null ? 10 : c.scale()) + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case DATETIME -> "TIMESTAMP";
        };
    }

    /** The newest rows of the table (by id, at most {@code max}), each as column key -> JSON-friendly value. */
    public List<Map<String, Object>> newestRows(Schema schema, String table, int max) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).key()));
        }
        sql.append(" FROM ").append(quote(table)).append(" ORDER BY id DESC LIMIT ?");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i).key(), jsonValue(rs.getObject(i + 1)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof java.time.temporal.TemporalAccessor) {
            return v.toString();
        }
        return v;
    }

    private static String quote(String identifier) {
        if (!isIdentifier(identifier)) {
            throw new IllegalArgumentException("'" + identifier + "' is not a plain SQL name (letters, digits, _)");
        }
        return '"' + identifier + '"';
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.dispose();
        }
    }
}
