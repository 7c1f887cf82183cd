package dev.sseetl.jdbc;

import dev.sseetl.spi.MappingMemory;
import dev.sseetl.testing.MappingMemoryContract;
import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;

class JdbcMappingMemoryH2Test extends MappingMemoryContract {
    @Override
    protected MappingMemory createMemory() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:memory_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return new JdbcMappingMemory(ds, "etl_");
    }
}
