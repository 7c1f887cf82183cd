package dev.sseetl.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Column mappings people confirmed, so the next upload of a file with the same headers maps itself. A mapping is
 * remembered per owner, schema and header set: the file's non-empty headers normalised
 * ({@link dev.sseetl.schema.Column#normalizeHeader}), in any order; see
 * {@link dev.sseetl.mapping.ColumnMapping#headerSet()} and {@link dev.sseetl.mapping.ColumnMapping#keysByHeader()}.
 * Implementations must be thread-safe; the engine's default keeps them in memory
 * ({@code dev.sseetl.store.InMemoryMappingMemory}), {@code dev.sseetl.jdbc.JdbcMappingMemory} in a database table.
 */
public interface MappingMemory {
    /**
     * Remembers (or replaces) the mapping for this owner, schema and header set.
     *
     * @param owner        who confirmed it; null for an anonymous owner (all anonymous uploads share one memory)
     * @param schema       the schema's name
     * @param headerSet    the file's normalised, non-empty headers
     * @param keysByHeader for each header of the set that feeds a schema column, that column's key; headers of the
     *                     set that are not in it were ignored
     * @throws IllegalArgumentException when {@code keysByHeader} names a header outside {@code headerSet}, or holds null
     */
    void remember(String owner, String schema, Set<String> headerSet, Map<String, String> keysByHeader);

    /** The mapping remembered for exactly this owner, schema and header set, if any. */
    Optional<Map<String, String>> recall(String owner, String schema, Set<String> headerSet);

    /** Checks the arguments of {@link #remember} as every implementation must. */
    static void check(String schema, Set<String> headerSet, Map<String, String> keysByHeader) {
        if (schema == null || headerSet == null || keysByHeader == null) {
            throw new IllegalArgumentException("schema, headerSet and keysByHeader are required");
        }
        if (keysByHeader.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new IllegalArgumentException("keysByHeader holds a null header or key: " + keysByHeader);
        }
        if (!headerSet.containsAll(keysByHeader.keySet())) {
            throw new IllegalArgumentException("keysByHeader names headers outside the header set: "
                    + keysByHeader.keySet().stream().filter(h -> !headerSet.contains(h)).sorted().toList());
        }
    }
}
