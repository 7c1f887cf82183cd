package dev.sseetl.store;

import dev.sseetl.spi.MappingMemory;
import dev.sseetl.testing.MappingMemoryContract;

class InMemoryMappingMemoryTest extends MappingMemoryContract {
    @Override
    protected MappingMemory createMemory() {
        return new InMemoryMappingMemory();
    }
}
