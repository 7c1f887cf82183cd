package dev.sseetl.commit;

/** {@link JdbcTable} on H2 in memory. */
class H2JdbcTableTest extends JdbcTableContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
