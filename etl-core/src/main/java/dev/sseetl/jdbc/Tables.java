package dev.sseetl.jdbc;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/** Table names and DDL shared by the JDBC stores. */
final class Tables {
    static final String DEFAULT_PREFIX = "etl_";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private Tables() {
    }

    /** The prefix, checked: lower-case letters, digits and underscores, starting with a letter. */
    static String prefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Table prefix '" + prefix + "' is not usable; use lower-case letters, "
                    + "digits and underscores, starting with a letter (at most 41 characters), such as 'etl_'.");
        }
        return prefix;
    }

    static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /**
     * Runs the {@code CREATE ... IF NOT EXISTS} statements in one transaction. On PostgreSQL a transaction-scoped
     * advisory lock keyed by the first statement keeps two nodes starting at once from racing on the catalog.
     */
    static void create(DataSource dataSource, String... ddl) {
        inTransaction(dataSource, "create the import tables", c -> {
            try (Statement st = c.createStatement()) {
                if (isPostgres(c)) {
                    st.execute("SELECT pg_advisory_xact_lock(" + ddl[0].hashCode() + ")");
                }
                for (String sql : ddl) {
                    st.execute(sql);
                }
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static void inTransaction(DataSource dataSource, String action, SqlWork work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** Database work that may throw {@link SQLException}. */
    @FunctionalInterface
    interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** An INTERNAL ImportException for a database failure; the person importing is told to try again later. */
    static ImportException failure(String action, SQLException e) {
        return new ImportException(ErrorCode.INTERNAL, "The import database failed to " + action
                + "; try again in a moment, and tell the site's administrators if it "
                + "keeps failing.", e);
    }
}
