package dev.sseetl.jdbc;

import dev.sseetl.spi.ImportRepository;
import dev.sseetl.testing.ImportRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.SQLException;

class JdbcImportRepositoryPostgresTest extends ImportRepositoryContract {
    private static ScratchTables tables;

    @BeforeAll
    static void createTables() {
        tables = ScratchTables.postgres();
    }

    @AfterAll
    static void dropTables() throws SQLException {
        if (tables != null) {
            tables.close();
        }
    }

    @Override
    protected ImportRepository createRepository() {
        JdbcImportRepository repository = new JdbcImportRepository(tables.dataSource, tables.prefix);
        try {
            tables.empty("import");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return repository;
    }
}
