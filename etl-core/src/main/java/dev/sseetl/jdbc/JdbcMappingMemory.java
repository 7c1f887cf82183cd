package dev.sseetl.jdbc;

import dev.sseetl.spi.MappingMemory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link MappingMemory} in a database table ({@code <prefix>mapping_memory}, created when missing), shared by every
 * node. A row per owner, schema and header set; the header set is stored sorted (one header a line) and keyed by its
 * SHA-256, so any number of headers fits the primary key. Works on PostgreSQL and H2.
 */
public final class JdbcMappingMemory implements MappingMemory {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> KEYS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final String table;
    private final boolean postgres;

    /** A memory in table {@code etl_mapping_memory}. */
    public JdbcMappingMemory(DataSource dataSource) {
        this(dataSource, Tables.DEFAULT_PREFIX);
    }

    /**
     * A memory in table {@code <tablePrefix>mapping_memory}, created when missing.
     *
     * @param tablePrefix lower-case letters, digits and underscores, such as {@code etl_}
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public JdbcMappingMemory(DataSource dataSource, String tablePrefix) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Tables.prefix(tablePrefix) + "mapping_memory";
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + table + " (owner VARCHAR(500) NOT NULL, schema_name VARCHAR(200) NOT NULL, "
                        + "header_hash VARCHAR(64) NOT NULL, headers TEXT NOT NULL, mapping TEXT NOT NULL, "
                        + "remembered_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (owner, schema_name, header_hash))");
        try (Connection c = dataSource.getConnection()) {
            postgres = Tables.isPostgres(c);
        } catch (SQLException e) {
            throw Tables.failure("open the mapping memory table", e);
        }
    }

    @Override
    public void remember(String owner, String schema, Set<String> headerSet, Map<String, String> keysByHeader) {
        MappingMemory.check(schema, headerSet, keysByHeader);
        String headers = headers(headerSet);
        String sql = postgres
                ? "INSERT INTO " + table + " (owner, schema_name, header_hash, headers, mapping, remembered_at) "
                        + "VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (owner, schema_name, header_hash) "
                        + "DO UPDATE SET headers = EXCLUDED.headers, mapping = EXCLUDED.mapping, "
                        + "remembered_at = EXCLUDED.remembered_at"
                : "MERGE INTO " + table + " (owner, schema_name, header_hash, headers, mapping, remembered_at) "
                        + "KEY (owner, schema_name, header_hash) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner(owner));
            ps.setString(2, schema);
            ps.setString(3, hash(headers));
            ps.setString(4, headers);
            ps.setString(5, JSON.writeValueAsString(new TreeMap<>(keysByHeader)));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Tables.failure("remember a column mapping", e);
        }
    }

    @Override
    public Optional<Map<String, String>> recall(String owner, String schema, Set<String> headerSet) {
        if (schema == null || headerSet == null) {
            return Optional.empty();
        }
        String headers = headers(headerSet);
        String sql = "SELECT headers, mapping FROM " + table + " WHERE owner = ? AND schema_name = ? AND header_hash = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner(owner));
            ps.setString(2, schema);
            ps.setString(3, hash(headers));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && headers.equals(rs.getString(1))) {
                    return Optional.of(Map.copyOf(JSON.readValue(rs.getString(2), KEYS)));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw Tables.failure("recall a column mapping", e);
        }
    }

    private static String owner(String owner) {
        return owner == null ? "" : owner;
    }

    private static String headers(Set<String> headerSet) {
        return String.join("\n", new TreeSet<>(headerSet));
    }

    private static String hash(String headers) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(headers.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
