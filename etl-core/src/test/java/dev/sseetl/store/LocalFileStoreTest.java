package dev.sseetl.store;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFileStoreTest {
    @TempDir
    Path folder;

    private long filesInFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void storesTheBytesUnderTheImportIdOnly() throws IOException {
        LocalFileStore store = new LocalFileStore(folder);
        byte[] content = "name,email\nAda,ada@example.com\n".getBytes();
        assertThat(store.save("abc_DEF-123", new ByteArrayInputStream(content), 1_000)).isEqualTo(content.length);
        Path stored = store.localPath("abc_DEF-123");
        assertThat(stored.getParent()).isEqualTo(folder);
        assertThat(Files.readAllBytes(stored)).isEqualTo(content);
        store.delete("abc_DEF-123");
        store.delete("abc_DEF-123");
        assertThat(filesInFolder()).isZero();
    }

    @Test
    void refusesAFileOverTheLimitNamingItAndKeepsNothing() throws IOException {
        LocalFileStore store = new LocalFileStore(folder);
        InputStream tooBig = new ByteArrayInputStream(new byte[3 * 1024 * 1024 + 1]);
        assertThatThrownBy(() -> store.save("big", tooBig, 3L << 20))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("3 MB").hasMessageContaining("maxFileBytes");
        assertThat(filesInFolder()).isZero();
    }

    @Test
    void acceptsAFileOfExactlyTheLimit() {
        LocalFileStore store = new LocalFileStore(folder);
        assertThat(store.save("exact", new ByteArrayInputStream(new byte[1500]), 1500)).isEqualTo(1500);
    }

    @Test
    void anUploadBrokenOffMidwayKeepsNothing() throws IOException {
        LocalFileStore store = new LocalFileStore(folder);
        InputStream broken = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.save("cut", broken, 1L << 20)).isInstanceOf(ImportException.class)
                .hasMessageContaining("upload it again");
        assertThat(filesInFolder()).isZero();
    }

    @Test
    void refusesIdsThatCouldEscapeTheFolder() {
        LocalFileStore store = new LocalFileStore(folder);
        for (String id : new String[]{"../evil", "a/b", "", "x.csv", null}) {
            assertThatThrownBy(() -> store.localPath(id)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
