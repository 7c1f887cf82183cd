package dev.sseetl.rules;

import dev.sseetl.commit.TestDatabase;

/** {@link JdbcLookup} on the real PostgreSQL, where a batch binds as one array ({@code = ANY(?)}). */
class PostgresJdbcLookupTest extends JdbcLookupContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
