package dev.sseetl.jdbc;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.spi.ImportRepository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An {@link ImportRepository} in a database table ({@code <prefix>import}, created when missing), so every node behind
 * a load balancer sees the same jobs. A {@link #transition} is one conditional {@code UPDATE ... WHERE id = ? AND state
 * IN (...)} that returns the updated row, so of any number of concurrent calls on any nodes exactly one moves the job.
 * Works on PostgreSQL and H2. Jobs are read into new objects: nothing is shared with callers.
 */
public final class JdbcImportRepository implements ImportRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, schema_name, owner, file_name, format, metadata, state, created_at, "
            + "updated_at, ended_at, message";

    private final DataSource dataSource;
    private final String table;
    private final boolean postgres;

    /** A repository in table {@code etl_import}. */
    public JdbcImportRepository(DataSource dataSource) {
        this(dataSource, Tables.DEFAULT_PREFIX);
    }

    /**
     * A repository in table {@code <tablePrefix>import}, created (with an index on {@code ended_at}) when missing.
     *
     * @param tablePrefix lower-case letters, digits and underscores, such as {@code etl_}
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public JdbcImportRepository(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Tables.prefix(tablePrefix) + "import";
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) PRIMARY KEY, schema_name VARCHAR(200) NOT NULL, "
                        + "owner VARCHAR(500), file_name VARCHAR(500), format VARCHAR(16), metadata TEXT NOT NULL, "
                        + "state VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE, "
                        + "updated_at TIMESTAMP WITH TIME ZONE, ended_at TIMESTAMP WITH TIME ZONE, message TEXT)",
                "CREATE INDEX IF NOT EXISTS " + table + "_ended ON " + table + " (ended_at)",
                "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS heartbeat_at TIMESTAMP WITH TIME ZONE",
                "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS commit_mode VARCHAR(16)",
                "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS chunk_size INT");
        try (Connection c = dataSource.getConnection()) {
            postgres = Tables.isPostgres(c);
        } catch (SQLException e) {
            throw Tables.failure("open the import table", e);
        }
    }

    @Override
    public void insert(ImportJob job) {
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, job.id());
            ps.setString(2, job.schema());
            ps.setString(3, job.owner());
            ps.setString(4, job.fileName());
            ps.setString(5, job.format() == null ? null : job.format().name());
            ps.setString(6, JSON.writeValueAsString(job.metadata()));
            ps.setString(7, job.state().name());
            setInstant(ps, 8, job.createdAt());
            setInstant(ps, 9, job.updatedAt());
            setInstant(ps, 10, job.endedAt());
            ps.setString(11, job.message());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Tables.failure("store the import " + job.id(), e);
        }
    }

    @Override
    public Optional<ImportJob> find(String importId) {
        List<ImportJob> found = query("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?", importId);
        return found.stream().findFirst();
    }

    @Override
    public Optional<ImportJob> transition(String importId, Set<ImportState> from, ImportState to, String message,
                                          Instant now) {
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Instant ended = to.isTerminal() || to == ImportState.BUFFERED ? now : null;
        String states = from.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        String update = "UPDATE " + table + " SET state = ?, updated_at = ?, ended_at = ?, message = ?, "
                + "heartbeat_at = NULL "
                + "WHERE id = ? AND state IN (" + states + ")";
        String sql = postgres ? update + " RETURNING " + COLUMNS
                : "SELECT " + COLUMNS + " FROM FINAL TABLE (" + update + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, to.name());
            setInstant(ps, 2, now);
            setInstant(ps, 3, ended);
            ps.setString(4, message);
            ps.setString(5, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Tables.failure("change the state of import " + importId, e);
        }
    }

    @Override
    public void beat(String importId, Instant now) {
        update("record the heartbeat of import " + importId, "UPDATE " + table + " SET heartbeat_at = ? WHERE id = ?",
                ps -> {
                    setInstant(ps, 1, now);
                    ps.setString(2, importId);
                });
    }

    @Override
    public List<ImportJob> silentSince(Instant cutoff) {
        return query("SELECT " + COLUMNS + " FROM " + table + " WHERE state IN ('UPLOADED', 'BUFFERING', 'COMMITTING') "
                + "AND COALESCE(heartbeat_at, updated_at) < ?", cutoff);
    }

    @Override
    public void saveCommitOptions(String importId, CommitOptions options) {
        update("store the commit options of import " + importId,
                "UPDATE " + table + " SET commit_mode = ?, chunk_size = ? WHERE id = ?", ps -> {
                    ps.setString(1, options.mode().name());
                    ps.setInt(2, options.chunkSize());
                    ps.setString(3, importId);
                });
    }

    @Override
    public Optional<CommitOptions> commitOptions(String importId) {
        String sql = "SELECT commit_mode, chunk_size FROM " + table + " WHERE id = ? AND commit_mode IS NOT NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new CommitOptions(CommitMode.valueOf(rs.getString(1)), rs.getInt(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw Tables.failure("read the commit options of import " + importId, e);
        }
    }

    @Override
    public List<ImportJob> endedBefore(Instant cutoff) {
        return query("SELECT " + COLUMNS + " FROM " + table + " WHERE ended_at < ?", cutoff);
    }

    @Override
    public void delete(String importId) {
        update("delete the import " + importId, "DELETE FROM " + table + " WHERE id = ?",
                ps -> ps.setString(1, importId));
    }

    /** Sets a statement's parameters. */
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private void update(String what, String sql, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Tables.failure(what, e);
        }
    }

    private List<ImportJob> query(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter instanceof Instant instant) {
                setInstant(ps, 1, instant);
            } else {
                ps.setString(1, (String) parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<ImportJob> jobs = new ArrayList<>();
                while (rs.next()) {
                    jobs.add(job(rs));
                }
                return jobs;
            }
        } catch (SQLException e) {
            throw Tables.failure("read the imports", e);
        }
    }

    private static ImportJob job(ResultSet rs) throws SQLException {
        String format = rs.getString("format");
        String metadata = rs.getString("metadata");
        return new ImportJob(rs.getString("id"), rs.getString("schema_name"), rs.getString("owner"),
                rs.getString("file_name"), format == null ? null : FileFormat.valueOf(format),
                metadata == null ? Collections.emptyMap() : JSON.readValue(metadata, METADATA),
                ImportState.valueOf(rs.getString("state")), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "ended_at"), rs.getString("message"));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
