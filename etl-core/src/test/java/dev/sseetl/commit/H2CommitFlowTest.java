package dev.sseetl.commit;

/** The commit flow into H2 in memory. */
class H2CommitFlowTest extends CommitFlowContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
