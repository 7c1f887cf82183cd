package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.DurableJobs;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.commit.JdbcTable;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine running buffering and commit as db-scheduler executions (embedded H2), and the sweep leaving them be. */
class DurableJobsEngineTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.now());
    private Connection keepAlive;
    private EtlEngine engine;

    @BeforeEach
    void start() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:durable" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        keepAlive = dataSource.getConnection();
        try (Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE people (name VARCHAR(20) NOT NULL, email VARCHAR(100) PRIMARY KEY, age INT, "
                    + "joined DATE)");
        }
        engine = EtlEngine.builder().schema(people().withTarget(JdbcTable.of(dataSource, "people")))
                .durableJobs(DurableJobs.on(dataSource).withTablePrefix("t_").withHeartbeat(Duration.ofMillis(200), 4))
                .workDirectory(work).clock(clock).progressInterval(Duration.ZERO).build();
    }

    @AfterEach
    void close() throws SQLException {
        engine.close();
        keepAlive.close();
    }

    @Test
    void buffersAndCommitsAsExecutionsThatAreRemovedWhenTheyEnd() throws SQLException {
        String id = upload(engine, peopleCsv(files, 50, 10));
        awaitState(engine, id, ImportState.BUFFERED);
        engine.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 10));
        awaitState(engine, id, ImportState.COMMITTED);
        assertThat(count("SELECT COUNT(*) FROM people")).isEqualTo(45);
        assertThat(count("SELECT COUNT(*) FROM t_scheduled_tasks")).isZero();
    }

    @Test
    void theSweepLeavesASilentImportWithAnExecutionToTheScheduler() throws SQLException {
        String id = "silent" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Instant then = clock.instant();
        ((DefaultEtlEngine) engine).repository.insert(new ImportJob(id, "people", OWNER, "people.csv",
                FileFormat.CSV, Map.of(), ImportState.BUFFERING, then, then, null, null));
        try (Statement st = keepAlive.createStatement()) { // picked by a node that beats (an hour ahead: never dead)
            st.execute("INSERT INTO t_scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, "
                    + "last_heartbeat, version) VALUES ('sse-etl-buffer', '" + id + "', CURRENT_TIMESTAMP, TRUE, "
                    + "'elsewhere', DATEADD('HOUR', 1, CURRENT_TIMESTAMP), 1)");
        }
        clock.advance(Duration.ofHours(1));
        assertThat(((DefaultEtlEngine) engine).endSilentImports()).isZero();
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.BUFFERING);

        try (Statement st = keepAlive.createStatement()) {
            st.execute("DELETE FROM t_scheduled_tasks WHERE task_instance = '" + id + "'");
        }
        assertThat(((DefaultEtlEngine) engine).endSilentImports()).isEqualTo(1);
        assertThat(engine.status(id, OWNER).job().state()).isEqualTo(ImportState.FAILED);
    }

    private long count(String sql) throws SQLException {
        try (Statement st = keepAlive.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
