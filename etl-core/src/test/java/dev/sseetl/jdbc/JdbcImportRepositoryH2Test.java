package dev.sseetl.jdbc;

import dev.sseetl.spi.ImportRepository;
import dev.sseetl.testing.ImportRepositoryContract;
import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;

class JdbcImportRepositoryH2Test extends ImportRepositoryContract {
    @Override
    protected ImportRepository createRepository() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:repo_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return new JdbcImportRepository(ds, "etl_");
    }
}
