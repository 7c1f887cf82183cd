package dev.sseetl.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.sseetl.Phase;
import dev.sseetl.DurableJobs;
import dev.sseetl.jdbc.ScheduledTasksTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Runs buffering and commit as db-scheduler one-time executions ({@code sse-etl-buffer}, {@code sse-etl-commit};
 * instance id and data = the import id), so that another node revives them when this one dies. The job itself ends
 * the import honestly (Completed, Failed, Cancelled); an execution that throws is removed, never retried by the
 * scheduler: a retry is the person's commit.
 */
final class ScheduledJobRunner implements AutoCloseable {
    private final DurableJobs config;
    private final String table;
    private final OneTimeTask<String> buffer;
    private final OneTimeTask<String> commit;
    private final Scheduler scheduler;

    /** @param run runs the job of a phase on an import id, on a scheduler thread, until it ends */
    ScheduledJobRunner(DurableJobs config, int threads, BiConsumer<Phase, String> run) {
        this.config = config;
        this.table = ScheduledTasksTable.create(config.dataSource(), config.tablePrefix());
        this.buffer = task("sse-etl-buffer", Phase.BUFFER, run);
        this.commit = task("sse-etl-commit", Phase.COMMIT, run);
        this.scheduler = Scheduler.create(config.dataSource(), buffer, commit)
                .tableName(table)
                .schedulerName(new SchedulerName.Fixed(nodeName()))
                .threads(threads)
                .pollingInterval(config.heartbeat())
                .heartbeatInterval(config.heartbeat())
                .missedHeartbeatsLimit(config.missedBeats())
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(5))
                .build();
        scheduler.start();
    }

    private static OneTimeTask<String> task(String name, Phase phase, BiConsumer<Phase, String> run) {
        return Tasks.oneTime(name, String.class)
                .onFailure((complete, ops) -> ops.stop())
                .onDeadExecutionRevive()
                .execute((instance, context) -> run.accept(phase, instance.getData()));
    }

    /** This node in {@code picked_by}: host name and process id, as several nodes may run on one host. */
    static String nodeName() {
        String name = new SchedulerName.Hostname().getName() + "-" + ProcessHandle.current().pid();
        return name.length() <= 50 ? name : name.substring(name.length() - 50);
    }

    /** Schedules the phase's job of the import to run now on whichever node picks it first. */
    void submit(Phase phase, String importId) {
        OneTimeTask<String> task = phase == Phase.BUFFER ? buffer : commit;
        scheduler.scheduleIfNotExists(task.instance(importId, importId), Instant.now());
    }

    /** True when the import has an execution (waiting, running, or to be revived after its node died). */
    boolean scheduled(String importId) {
        try (Connection c = config.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT 1 FROM " + table + " WHERE task_instance = ?")) {
            st.setString(1, importId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return true; // cannot tell: leave the import to the scheduler rather than end it
        }
    }

    /** Stops picking; executions still running stay picked in the table and are revived by another node. */
    @Override
    public void close() {
        scheduler.stop();
    }
}
