package dev.sseetl.jdbc;

import dev.sseetl.spi.ImportRepository;
import dev.sseetl.testing.ImportRepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcImportRepositoryPostgresTest extends ImportRepositoryContract {
    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected ImportRepository createRepository() {
        JdbcImportRepository repository = new JdbcImportRepository(tables.dataSource, tables.prefix);
        tables.empty("import");
        return repository;
    }
}
