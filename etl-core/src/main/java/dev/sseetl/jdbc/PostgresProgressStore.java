package dev.sseetl.jdbc;

import dev.sseetl.CommitResult;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.spi.ProgressListener;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.Subscription;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ProgressStore} in PostgreSQL shared by every node: the latest snapshot of each import and phase in table
 * {@code <prefix>progress} (one upsert per change), versions from sequence {@code <prefix>progress_version} (so they
 * increase per import across both phases and nodes), and every change announced with {@code NOTIFY} on channel
 * {@code <prefix>progress}.
 *
 * <p>Each store (one per node) keeps one connection that {@code LISTEN}s, polled by one daemon thread
 * ({@code sse-etl-progress-listener}); it hands other nodes' changes to this node's listeners in the order the
 * database committed them. A change stored through this store is handed to its listeners on the storing thread, once
 * (the store ignores its own notifications). Changes of one import stored through one store are serialised, so a
 * listener never sees an older version after a newer one. When the listening connection breaks the thread reconnects
 * every second and then hands each subscribed phase its latest snapshot, so a listener misses no final state.
 *
 * <p>Close the store when the node shuts down. Needs the PostgreSQL JDBC driver (an optional dependency of etl-core).
 */
public final class PostgresProgressStore implements ProgressStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresProgressStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** NOTIFY payloads must stay under 8000 bytes; a longer snapshot is announced without its body. */
    private static final int MAX_BODY_BYTES = 7_000;
    private static final String DELETED = "-";
    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final String table;
    private final String sequence;
    private final String channel;
    private final String nodeId = UUID.randomUUID().toString();
    private final Map<Key, CopyOnWriteArrayList<ProgressListener>> listeners = new ConcurrentHashMap<>();
    private final ReentrantLock[] importLocks = new ReentrantLock[64];
    private final Thread listenerThread;
    private volatile boolean closed;
    private Connection listening;

    /** A store in table {@code etl_progress}. */
    public PostgresProgressStore(DataSource dataSource) {
        this(dataSource, Tables.DEFAULT_PREFIX);
    }

    /**
     * A store in table {@code <tablePrefix>progress} with sequence {@code <tablePrefix>progress_version}, created when
     * missing; starts listening before it returns, so a change stored by any node from then on reaches its listeners.
     *
     * @throws IllegalArgumentException when the prefix is not usable
     * @throws dev.sseetl.ImportException (INTERNAL) when the database cannot be reached
     */
    public PostgresProgressStore(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        String prefix = Tables.prefix(tablePrefix);
        this.table = prefix + "progress";
        this.sequence = prefix + "progress_version";
        this.channel = prefix + "progress";
        for (int i = 0; i < importLocks.length; i++) {
            importLocks[i] = new ReentrantLock();
        }
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + table + " (import_id VARCHAR(64) NOT NULL, phase VARCHAR(8) NOT NULL, "
                        + "version BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (import_id, phase))",
                "CREATE SEQUENCE IF NOT EXISTS " + sequence);
        try {
            listening = listen();
        } catch (SQLException e) {
            throw Tables.failure("listen for progress changes", e);
        }
        listenerThread = new Thread(this::listenLoop, "sse-etl-progress-listener");
        listenerThread.setDaemon(true);
        listenerThread.start();
    }

    @Override
    public ProgressSnapshot put(ProgressSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        String body = JSON.writeValueAsString(Body.of(snapshot));
        boolean announceBody = body.getBytes(StandardCharsets.UTF_8).length <= MAX_BODY_BYTES;
        String sql = "WITH stored AS (INSERT INTO " + table + " (import_id, phase, version, body) "
                + "VALUES (?, ?, nextval('" + sequence + "'), ?) ON CONFLICT (import_id, phase) DO UPDATE "
                + "SET version = EXCLUDED.version, body = EXCLUDED.body WHERE " + table + ".version < EXCLUDED.version "
                + "RETURNING version) "
                + "SELECT version, pg_notify(?, CAST(? AS TEXT) || version || CAST(? AS TEXT)) FROM stored";
        ReentrantLock lock = lockOf(snapshot.importId());
        lock.lock();
        try {
            ProgressSnapshot stored;
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, snapshot.importId());
                ps.setString(2, snapshot.phase().name());
                ps.setString(3, body);
                ps.setString(4, channel);
                ps.setString(5, nodeId + " ");
                ps.setString(6, " " + snapshot.importId() + " " + snapshot.phase().name() + " "
                        + (announceBody ? body : ""));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // another node stored a newer version of this phase meanwhile: that one stands
                        return get(snapshot.importId(), snapshot.phase()).orElse(snapshot);
                    }
                    stored = snapshot.withVersion(rs.getLong(1));
                }
            } catch (SQLException e) {
                throw Tables.failure("store the progress of import " + snapshot.importId(), e);
            }
            deliver(stored);
            return stored;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ProgressSnapshot> get(String importId, Phase phase) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version, body FROM " + table + " WHERE import_id = ? AND phase = ?")) {
            ps.setString(1, importId);
            ps.setString(2, phase.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(snapshot(importId, phase, rs.getLong(1), rs.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw Tables.failure("read the progress of import " + importId, e);
        }
    }

    @Override
    public Subscription subscribe(String importId, Phase phase, ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        Key key = new Key(importId, phase);
        listeners.compute(key, (k, list) -> {
            CopyOnWriteArrayList<ProgressListener> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(listener);
            return l;
        });
        return () -> listeners.computeIfPresent(key, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void delete(String importId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH gone AS (DELETE FROM " + table + " WHERE import_id = ?) SELECT pg_notify(?, ?)")) {
            ps.setString(1, importId);
            ps.setString(2, channel);
            ps.setString(3, nodeId + " 0 " + importId + " " + DELETED + " ");
            ps.execute();
        } catch (SQLException e) {
            throw Tables.failure("delete the progress of import " + importId, e);
        }
        dropListeners(importId);
    }

    /** Stops listening and closes the listening connection. Listeners hear nothing more from other nodes. */
    @Override
    public void close() {
        closed = true;
        try {
            listenerThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- listening

    private Connection listen() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("LISTEN \"" + channel + "\"");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void listenLoop() {
        boolean broken = false;
        while (!closed) {
            try {
                if (listening == null) {
                    listening = listen();
                    log.info("Listening for progress changes again on channel {}", channel);
                    broken = false;
                    catchUp();
                }
                PGNotification[] notifications = listening.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        received(n.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!broken) {
                    log.warn("Lost the connection listening for progress changes on channel {}; reconnecting every "
                            + "second", channel, e);
                    broken = true;
                }
                closeQuietly(listening);
                listening = null;
                pause();
            }
        }
        stopListening(listening);
        listening = null;
    }

    /** UNLISTEN first: a pooled connection must not go back to the pool still collecting notifications. */
    private static void stopListening(Connection c) {
        if (c == null) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("UNLISTEN *");
        } catch (SQLException ignored) {
            // closing it below is all that is left to do
        }
        closeQuietly(c);
    }

    /** After a reconnect: hands every subscribed phase its latest snapshot, standing in for changes missed meanwhile. */
    private void catchUp() {
        for (Key key : List.copyOf(listeners.keySet())) {
            get(key.importId(), key.phase()).ifPresent(this::deliver);
        }
    }

    /** One notification: {@code <node> <version> <importId> <PHASE|-> <body or nothing>}. */
    private void received(String payload) {
        String[] parts = payload.split(" ", 5);
        if (parts.length < 4 || parts[0].equals(nodeId)) {
            return;
        }
        String importId = parts[2];
        if (DELETED.equals(parts[3])) {
            dropListeners(importId);
            return;
        }
        Phase phase = Phase.valueOf(parts[3]);
        if (!listeners.containsKey(new Key(importId, phase))) {
            return;
        }
        String body = parts.length == 5 ? parts[4] : "";
        if (body.isEmpty()) {
            get(importId, phase).ifPresent(this::deliver);
        } else {
            deliver(snapshot(importId, phase, Long.parseLong(parts[1]), body));
        }
    }

    private void deliver(ProgressSnapshot snapshot) {
        List<ProgressListener> list = listeners.get(new Key(snapshot.importId(), snapshot.phase()));
        if (list == null) {
            return;
        }
        for (ProgressListener listener : list) {
            try {
                listener.onProgress(snapshot);
            } catch (RuntimeException e) {
                log.warn("A progress listener of import {} failed; the others still get updates", snapshot.importId(), e);
            }
        }
    }

    private void dropListeners(String importId) {
        for (Phase phase : Phase.values()) {
            listeners.remove(new Key(importId, phase));
        }
    }

    private ReentrantLock lockOf(String importId) {
        return importLocks[Math.floorMod(importId.hashCode(), importLocks.length)];
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being dropped anyway
        }
    }

    private static ProgressSnapshot snapshot(String importId, Phase phase, long version, String body) {
        Body b = JSON.readValue(body, Body.class);
        return new ProgressSnapshot(importId, phase, b.processed(), b.total(), b.status(), b.valid(), b.invalid(),
                b.message(), version, b.result());
    }

    private record Key(String importId, Phase phase) {
    }

    /** What the table and notifications hold of a snapshot besides its import, phase and version. */
    private record Body(long processed, long total, ProgressStatus status, long valid, long invalid, String message,
                        CommitResult result) {
        static Body of(ProgressSnapshot s) {
            return new Body(s.processed(), s.total(), s.status(), s.valid(), s.invalid(), s.message(), s.result());
        }
    }
}
