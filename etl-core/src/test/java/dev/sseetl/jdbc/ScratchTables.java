package dev.sseetl.jdbc;

import dev.sseetl.testing.TestServices;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A table prefix of its own in the shared PostgreSQL test database, and the data source to reach it. {@link #close()}
 * drops every table and sequence whose name starts with the prefix.
 */
final class ScratchTables implements AutoCloseable {
    final PGSimpleDataSource dataSource = new PGSimpleDataSource();
    final String prefix = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    /** Skips the test (or fails it when services are required) unless PostgreSQL answers. */
    static ScratchTables postgres() {
        ScratchTables scratch = new ScratchTables();
        scratch.dataSource.setURL(TestServices.requirePostgres());
        return scratch;
    }

    /** Deletes every row of the prefixed tables, so each test starts from empty stores. */
    void empty(String... tableSuffixes) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String suffix : tableSuffixes) {
                st.execute("DELETE FROM " + prefix + suffix);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> drops = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT relname, relkind FROM pg_class "
                    + "WHERE relname LIKE ? AND relkind IN ('r', 'S') AND relnamespace = 'public'::regnamespace")) {
                ps.setString(1, prefix + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add(("r".equals(rs.getString(2)) ? "DROP TABLE IF EXISTS " : "DROP SEQUENCE IF EXISTS ")
                                + rs.getString(1) + " CASCADE");
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String drop : drops) {
                    st.execute(drop);
                }
            }
        }
    }
}
