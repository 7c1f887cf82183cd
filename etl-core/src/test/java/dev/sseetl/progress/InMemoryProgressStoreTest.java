package dev.sseetl.progress;

import dev.sseetl.spi.ProgressStore;
import dev.sseetl.testing.ProgressStoreContract;

class InMemoryProgressStoreTest extends ProgressStoreContract {
    @Override
    protected ProgressStore createStore() {
        return new InMemoryProgressStore();
    }
}
