package dev.sseetl.commit;

/** The commit flow into the real PostgreSQL (COPY fast path). */
class PostgresCommitFlowTest extends CommitFlowContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
