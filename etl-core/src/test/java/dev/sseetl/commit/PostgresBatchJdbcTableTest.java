package dev.sseetl.commit;

/** {@link JdbcTable} on the real PostgreSQL through plain JDBC batches (COPY off). */
class PostgresBatchJdbcTableTest extends JdbcTableContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    JdbcTable target(String table) {
        return super.target(table).useCopy(false);
    }
}
