package dev.sseetl.rules;

import dev.sseetl.commit.TestDatabase;

class H2JdbcLookupTest extends JdbcLookupContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
