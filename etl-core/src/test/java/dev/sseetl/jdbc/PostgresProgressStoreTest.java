package dev.sseetl.jdbc;

import dev.sseetl.CommitResult;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import dev.sseetl.testing.ProgressStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PostgresProgressStoreTest extends ProgressStoreContract {
    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected ProgressStore createStore() {
        return new PostgresProgressStore(tables.dataSource, tables.prefix);
    }

    @Override
    protected void closeStore(ProgressStore store) {
        ((PostgresProgressStore) store).close();
    }

    @Test
    void aChangeStoredOnOneNodeReachesAListenerOnAnotherWithinASecond() {
        try (PostgresProgressStore other = new PostgresProgressStore(tables.dataSource, tables.prefix)) {
            String id = anImportId();
            List<ProgressSnapshot> heardOnOther = new CopyOnWriteArrayList<>();
            List<ProgressSnapshot> heardHere = new CopyOnWriteArrayList<>();
            try (Subscription a = other.subscribe(id, Phase.COMMIT, heardOnOther::add);
                 Subscription b = store.subscribe(id, Phase.COMMIT, heardHere::add)) {
                CommitResult result = new CommitResult(7, 1, 2, 0, 1, null, null);
                ProgressSnapshot stored = store.put(new ProgressSnapshot(id, Phase.COMMIT, 8, 8,
                        ProgressStatus.COMPLETED, 8, 2, null, 0, result));
                await().atMost(Duration.ofSeconds(1)).until(() -> heardOnOther.size() == 1);
                assertThat(heardOnOther).containsExactly(stored);
                assertThat(other.get(id, Phase.COMMIT)).contains(stored);
                assertThat(heardHere).containsExactly(stored); // once, on the storing node
            }
        }
    }

    @Test
    void aSnapshotTooLongForOneNotificationStillReachesTheOtherNode() {
        try (PostgresProgressStore other = new PostgresProgressStore(tables.dataSource, tables.prefix)) {
            String id = anImportId();
            List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
            try (Subscription ignored = other.subscribe(id, Phase.BUFFER, heard::add)) {
                ProgressSnapshot stored = store.put(new ProgressSnapshot(id, Phase.BUFFER, 3, 3, ProgressStatus.FAILED,
                        0, 3, "Zoë ".repeat(5_000), 0, null));
                await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 1);
                assertThat(heard).containsExactly(stored);
            }
        }
    }

    @Test
    void deletingOnOneNodeDropsTheListenersOfTheOthers() {
        try (PostgresProgressStore other = new PostgresProgressStore(tables.dataSource, tables.prefix)) {
            String id = anImportId();
            List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
            other.subscribe(id, Phase.BUFFER, heard::add);
            store.put(processing(id, Phase.BUFFER, 1));
            await().atMost(Duration.ofSeconds(1)).until(() -> heard.size() == 1);
            store.delete(id);
            String control = anImportId();
            List<ProgressSnapshot> controlHeard = new CopyOnWriteArrayList<>();
            other.subscribe(control, Phase.BUFFER, controlHeard::add);
            store.put(processing(id, Phase.BUFFER, 2));
            store.put(processing(control, Phase.BUFFER, 1));
            await().atMost(Duration.ofSeconds(1)).until(() -> controlHeard.size() == 1);
            assertThat(heard).hasSize(1);
        }
    }

    @Test
    void aListenerCatchesUpAfterTheListeningConnectionWasCut() throws SQLException {
        try (PostgresProgressStore other = new PostgresProgressStore(tables.dataSource, tables.prefix)) {
            String id = anImportId();
            List<ProgressSnapshot> heard = new CopyOnWriteArrayList<>();
            try (Subscription ignored = other.subscribe(id, Phase.BUFFER, heard::add)) {
                try (Connection c = tables.dataSource.getConnection(); Statement st = c.createStatement();
                     ResultSet cut = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             + "WHERE query = 'LISTEN \"" + tables.prefix + "progress\"'")) {
                    assertThat(cut.next()).isTrue();
                }
                ProgressSnapshot stored = store.put(new ProgressSnapshot(id, Phase.BUFFER, 5, 5,
                        ProgressStatus.COMPLETED, 5, 0, null, 0, null));
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(stored));
            }
        }
    }
}
