package dev.sseetl.commit;

import dev.sseetl.testing.TestServices;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A database for one test (shared with the other test packages): H2 in memory (its own database) or the shared PostgreSQL (tables with a random suffix,
 * dropped at the end).
 */
public abstract class TestDatabase implements AutoCloseable {
    private final List<String> tables = new ArrayList<>();

    public abstract DataSource dataSource();

    /** A short name for test output. */
    public abstract String name();

    /** Whether a statement on the table (in this database, for H2) is waiting for another transaction's lock. */
    abstract boolean aWriteWaitsForALock(String table);

    public static TestDatabase h2() {
        return new TestDatabase() {
            private final JdbcDataSource ds = newH2();

            @Override
            public DataSource dataSource() {
                return ds;
            }

            @Override
            public String name() {
                return "H2";
            }

            @Override
            void dropAll() throws SQLException {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.execute("SHUTDOWN");
                }
            }

            @Override
            boolean aWriteWaitsForALock(String table) {
                // H2 shows no blocker for a row lock; a session still executing an INSERT into the table waits on one
                return queryLong("SELECT count(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE UPPER(EXECUTING_STATEMENT)"
                        + " LIKE 'INSERT INTO %" + table.toUpperCase() + "%'") > 0;
            }
        };
    }

    public static TestDatabase postgres() {
        String url = TestServices.requirePostgres();
        return new TestDatabase() {
            private final PGSimpleDataSource ds = newPostgres(url);

            @Override
            public DataSource dataSource() {
                return ds;
            }

            @Override
            public String name() {
                return "PostgreSQL";
            }

            @Override
            boolean aWriteWaitsForALock(String table) {
                return queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND datname = current_database() AND query LIKE '%" + table + "%'") > 0;
            }
        };
    }

    private static JdbcDataSource newH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:commit_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static PGSimpleDataSource newPostgres(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return ds;
    }

    /**
     * Creates a table from {@code ddl}, whose {@code %s} is replaced by a new unique table name; returns the name.
     */
    public String createTable(String ddl) {
        String table = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(ddl.formatted(table));
        tables.add(table);
        return table;
    }

    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String table) {
        return queryLong("SELECT count(*) FROM " + table);
    }

    public long queryLong(String sql) {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query as lists of column values (as the driver returns them). */
    List<List<Object>> query(String sql) {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void dropAll() throws SQLException {
        for (String t : tables) {
            execute("DROP TABLE IF EXISTS " + t);
        }
    }

    @Override
    public void close() throws SQLException {
        dropAll();
    }
}
