package dev.sseetl.jdbc;

import dev.sseetl.spi.StagingStore;
import dev.sseetl.testing.StagingStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcStagingStorePostgresTest extends StagingStoreContract {
    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected StagingStore createStore() {
        return new JdbcStagingStore(tables.dataSource, tables.prefix);
    }
}
