package dev.sseetl.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/** The benchmark's PostgreSQL: uniquely named tables, a small connection pool, counts. */
final class Pg {
    private Pg() {
    }

    /** A new table name for this run, e.g. {@code bench_copy_k3x9q2}. */
    static String tableName(String purpose) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder("bench_").append(purpose).append('_');
        for (int i = 0; i < 6; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A pool of up to 4 connections, the way a host application would hand us its database. */
    static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql + ": " + e.getMessage(), e);
        }
    }

    static void createTable(String url, String table) {
        execute(url, "drop table if exists " + table);
        execute(url, BenchData.createTable(table));
    }

    static void dropTable(String url, String table) {
        execute(url, "drop table if exists " + table);
    }

    static long count(String url, String table) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count " + table + ": " + e.getMessage(), e);
        }
    }
}
