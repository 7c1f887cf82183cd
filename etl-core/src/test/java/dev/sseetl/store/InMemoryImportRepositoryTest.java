package dev.sseetl.store;

import dev.sseetl.spi.ImportRepository;
import dev.sseetl.testing.ImportRepositoryContract;

class InMemoryImportRepositoryTest extends ImportRepositoryContract {
    @Override
    protected ImportRepository createRepository() {
        return new InMemoryImportRepository();
    }
}
