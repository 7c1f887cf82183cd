package dev.sseetl;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Durable buffering and commit jobs for several nodes sharing one database: each job runs as a db-scheduler
 * execution in the table {@code <prefix>scheduled_tasks} (created at engine start if missing), which the running node
 * keeps alive with a heartbeat. When a node dies, another node revives its executions once they missed
 * {@link #missedBeats()} beats: buffering starts again from the stored file (use a shared file store such as
 * {@code JdbcFileStore}), a commit resumes after its last committed chunk. Pass it to
 * {@link EtlEngine.Builder#durableJobs}; needs {@code com.github.kagkarlsson:db-scheduler} on the class path.
 *
 * @param dataSource  where the executions are stored (the shared database)
 * @param tablePrefix prefix of the table's name, like the stores' ({@code etl_})
 * @param heartbeat   how often a running job beats (also how often each node looks for due executions)
 * @param missedBeats beats a job may miss before another node takes it over (4 or more)
 */
public record DurableJobs(DataSource dataSource, String tablePrefix, Duration heartbeat, int missedBeats) {
    public DurableJobs {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (heartbeat == null || heartbeat.toMillis() <= 0) {
            throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
        }
        if (missedBeats < 4) {
            throw new IllegalArgumentException("missedBeats must be 4 or more, got " + missedBeats);
        }
    }

    /**
     * Durable jobs in {@code etl_scheduled_tasks}, beating every 2 s and taken over after 4 missed beats: a dead node's
     * jobs resume elsewhere about 10 to 15 s after its last beat.
     */
    public static DurableJobs on(DataSource dataSource) {
        return new DurableJobs(dataSource, "etl_", Duration.ofSeconds(2), 4);
    }

    /** The same with the table named {@code <prefix>scheduled_tasks}. */
    public DurableJobs withTablePrefix(String prefix) {
        return new DurableJobs(dataSource, prefix, heartbeat, missedBeats);
    }

    /**
     * The same beating every {@code interval}, taken over after {@code missed} missed beats: a dead node's job resumes
     * elsewhere about {@code interval * (missed + 2)} after its last beat.
     */
    public DurableJobs withHeartbeat(Duration interval, int missed) {
        return new DurableJobs(dataSource, tablePrefix, interval, missed);
    }
}
