package dev.sseetl.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A table prefix of its own in the shared PostgreSQL test database, and a small connection pool to reach it (as a host
 * would have). Register it as a static extension: before the test class it skips the class (or fails it when services
 * are required) unless PostgreSQL answers; after it, it drops every table and sequence whose name starts with the
 * prefix.
 */
final class ScratchTables implements BeforeAllCallback, AfterAllCallback {
    final String prefix = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
    HikariDataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestServices.requirePostgres());
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(1);
        config.setPoolName("scratch-" + prefix);
        dataSource = new HikariDataSource(config);
    }

    /** Deletes every row of the prefixed tables, so each test starts from empty stores. */
    void empty(String... tableSuffixes) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String suffix : tableSuffixes) {
                st.execute("DELETE FROM " + prefix + suffix);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (dataSource == null) {
            return;
        }
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
        } finally {
            dataSource.close();
        }
    }
}
