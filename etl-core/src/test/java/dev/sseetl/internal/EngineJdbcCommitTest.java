package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
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
import java.util.UUID;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine committing into a real (embedded H2) table through the JDBC target. */
class EngineJdbcCommitTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private Connection keepAlive;
    private EtlEngine engine;

    @BeforeEach
    void createTable() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:engine" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        keepAlive = dataSource.getConnection();
        try (Statement st = keepAlive.createStatement()) {
            // age 33 breaks a CHECK constraint, as a database refuses a row the schema let through
            st.execute("CREATE TABLE people (name VARCHAR(20) NOT NULL, email VARCHAR(100) PRIMARY KEY, "
                    + "age INT CHECK (age <> 33), joined DATE)");
        }
        engine = EtlEngine.builder().schema(people().withTarget(JdbcTable.of(dataSource, "people")))
                .workDirectory(work).progressInterval(Duration.ZERO).build();
    }

    @AfterEach
    void close() throws SQLException {
        engine.close();
        keepAlive.close();
    }

    private long rowsInTable() throws SQLException {
        try (Statement st = keepAlive.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM people")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ProgressSnapshot commit(int rows, CommitMode mode, int chunk) {
        String id = upload(engine, peopleCsv(files, rows, 10));
        awaitState(engine, id, ImportState.BUFFERED);
        engine.commit(id, OWNER, new CommitOptions(mode, chunk));
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.progress(id, OWNER, Phase.COMMIT).status().isFinal());
        return engine.progress(id, OWNER, Phase.COMMIT);
    }

    @Test
    void insertsThenUpdatesTheValidRows() throws SQLException {
        ProgressSnapshot first = commit(30, CommitMode.VALID_ROWS, 10);
        assertThat(first.status()).isEqualTo(ProgressStatus.COMPLETED);
        assertThat(first.result()).isEqualTo(new CommitResult(27, 0, 3, 0, 3, null, null));
        ProgressSnapshot again = commit(30, CommitMode.ALL_OR_NOTHING, 10);
        assertThat(again.result()).isEqualTo(new CommitResult(0, 27, 3, 0, 3, null, null));
        assertThat(rowsInTable()).isEqualTo(27);
    }

    @Test
    void aRefusedRowInValidRowsModeKeepsTheChunksBeforeIt() throws SQLException {
        // valid rows are 3..11, 13..21, 23..31, 33, 34, 35: source row 35 (age 33) is the 30th, in the third chunk
        ProgressSnapshot end = commit(100, CommitMode.VALID_ROWS, 10);
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.result().failedRow()).isEqualTo(35L);
        assertThat(end.result().inserted()).isEqualTo(20);
        assertThat(end.result().committedChunks()).isEqualTo(2);
        assertThat(end.result().failed()).isEqualTo(90 - 20);
        assertThat(end.message()).startsWith("Row 35: ").endsWith("2 chunks (20 rows) were committed before it.");
        assertThat(rowsInTable()).isEqualTo(20);
    }

    @Test
    void aRefusedRowInAllOrNothingModeLeavesTheTableUntouched() throws SQLException {
        ProgressSnapshot end = commit(100, CommitMode.ALL_OR_NOTHING, 10);
        assertThat(end.status()).isEqualTo(ProgressStatus.FAILED);
        assertThat(end.result().failedRow()).isEqualTo(35L);
        assertThat(end.result().inserted()).isZero();
        assertThat(end.result().failed()).isEqualTo(90);
        assertThat(rowsInTable()).isZero();
    }
}
