package dev.sseetl.commit;

/** {@link JdbcTable} on the real PostgreSQL through its COPY fast path. */
class PostgresJdbcTableTest extends JdbcTableContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
