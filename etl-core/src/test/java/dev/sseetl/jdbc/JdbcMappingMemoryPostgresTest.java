package dev.sseetl.jdbc;

import dev.sseetl.spi.MappingMemory;
import dev.sseetl.testing.MappingMemoryContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcMappingMemoryPostgresTest extends MappingMemoryContract {
    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected MappingMemory createMemory() {
        JdbcMappingMemory memory = new JdbcMappingMemory(tables.dataSource, tables.prefix);
        tables.empty("mapping_memory");
        return memory;
    }

    @Test
    void twoNodesShareOneTable() {
        JdbcMappingMemory other = new JdbcMappingMemory(tables.dataSource, tables.prefix);
        memory.remember("grace", "people", Set.of("dob"), Map.of("dob", "birth_date"));
        assertThat(other.recall("grace", "people", Set.of("dob"))).contains(Map.of("dob", "birth_date"));
    }
}
