package dev.sseetl.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The db-scheduler table ({@code <prefix>scheduled_tasks}, the library's own layout) in which the engine's durable
 * jobs ({@link dev.sseetl.DurableJobs}) are stored. The library does not create it; the engine does, here.
 */
public final class ScheduledTasksTable {
    private ScheduledTasksTable() {
    }

    /**
     * Creates {@code <prefix>scheduled_tasks} and its indexes if missing, on PostgreSQL or H2.
     *
     * @return the table's name
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public static String create(DataSource dataSource, String prefix) {
        Objects.requireNonNull(dataSource, "dataSource");
        String table = Tables.prefix(prefix) + "scheduled_tasks";
        boolean postgres;
        try (Connection c = dataSource.getConnection()) {
            postgres = Tables.isPostgres(c);
        } catch (SQLException e) {
            throw Tables.failure("create the job table", e);
        }
        String time = postgres ? "timestamptz" : "timestamp with time zone";
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + table + " (task_name varchar(100) NOT NULL, task_instance varchar(100)"
                        + " NOT NULL, task_data " + (postgres ? "bytea" : "blob") + ", execution_time " + time
                        + " NOT NULL, picked boolean NOT NULL, picked_by varchar(50), last_success " + time
                        + ", last_failure " + time + ", consecutive_failures int, last_heartbeat " + time
                        + ", version bigint NOT NULL, priority smallint, PRIMARY KEY (task_name, task_instance))",
                "CREATE INDEX IF NOT EXISTS " + table + "_time_idx ON " + table + " (execution_time)",
                "CREATE INDEX IF NOT EXISTS " + table + "_beat_idx ON " + table + " (last_heartbeat)",
                "CREATE INDEX IF NOT EXISTS " + table + "_priority_idx ON " + table
                        + " (priority DESC, execution_time ASC)");
        return table;
    }
}
