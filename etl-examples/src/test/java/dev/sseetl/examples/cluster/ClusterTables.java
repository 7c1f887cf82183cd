package dev.sseetl.examples.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The tables and sequences a test cluster made with one prefix on the shared PostgreSQL, dropped after its tests. */
final class ClusterTables {
    private ClusterTables() {
    }

    /** Drops every table and sequence of the public schema whose name starts with {@code prefix}. */
    static void dropAll(String jdbcUrl, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            List<String> drops = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT relname, relkind FROM pg_class WHERE relkind IN ('r', 'S') "
                    + "AND starts_with(relname, ?) AND relnamespace = 'public'::regnamespace")) {
                ps.setString(1, prefix);
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
