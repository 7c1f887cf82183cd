package dev.sseetl.store;

import dev.sseetl.spi.FileStore;
import dev.sseetl.testing.FileStoreContract;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFileStoreTest extends FileStoreContract {
    @Override
    protected FileStore createStore(Path folder) {
        return new LocalFileStore(folder);
    }

    @Override
    protected long thingsKept() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void namesTheFileAfterTheImportIdOnlyInsideItsFolder() {
        store.save("abc_DEF-123", new ByteArrayInputStream(new byte[3]), 10);
        assertThat(store.localPath("abc_DEF-123")).isEqualTo(folder.resolve("abc_DEF-123.upload"));
    }
}
