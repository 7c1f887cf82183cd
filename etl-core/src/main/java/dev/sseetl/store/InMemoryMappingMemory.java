package dev.sseetl.store;

import dev.sseetl.spi.MappingMemory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The default {@link MappingMemory}: confirmed mappings in memory, for one node, lost on restart. */
public final class InMemoryMappingMemory implements MappingMemory {
    private record Key(String owner, String schema, Set<String> headerSet) {
    }

    private final Map<Key, Map<String, String>> mappings = new ConcurrentHashMap<>();

    @Override
    public void remember(String owner, String schema, Set<String> headerSet, Map<String, String> keysByHeader) {
        MappingMemory.check(schema, headerSet, keysByHeader);
        mappings.put(new Key(owner == null ? "" : owner, schema, Set.copyOf(headerSet)), Map.copyOf(keysByHeader));
    }

    @Override
    public Optional<Map<String, String>> recall(String owner, String schema, Set<String> headerSet) {
        if (schema == null || headerSet == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(mappings.get(new Key(owner == null ? "" : owner, schema, Set.copyOf(headerSet))));
    }
}
