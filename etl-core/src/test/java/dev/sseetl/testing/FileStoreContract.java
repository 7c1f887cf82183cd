package dev.sseetl.testing;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.spi.FileStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link FileStore} promises. Extend it with {@link #createStore(Path)} returning a fresh, empty
 * store that may use the given folder, and {@link #thingsKept()} counting what the store holds anywhere.
 */
public abstract class FileStoreContract {
    @TempDir
    protected Path folder;
    protected FileStore store;

    /** A new store with nothing in it; {@code folder} is an empty folder it may keep files in. */
    protected abstract FileStore createStore(Path folder);

    /** How many files, rows or other things the store keeps for every import, wherever it keeps them. */
    protected abstract long thingsKept() throws Exception;

    @BeforeEach
    void createTheStore() {
        store = createStore(folder);
    }

    protected static String anImportId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** {@code size} bytes of a repeatable pattern, produced as they are read (never held as one array). */
    protected static InputStream generated(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? (int) (position++ * 31 % 251) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) (position++ * 31 % 251);
                }
                return n;
            }
        };
    }

    protected static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void storesTheBytesAndDeletesThemHarmlesslyTwice() throws Exception {
        byte[] content = "name,email\nAda,ada@example.com\n".getBytes();
        assertThat(store.save("abc_DEF-123", new ByteArrayInputStream(content), 1_000)).isEqualTo(content.length);
        assertThat(Files.readAllBytes(store.localPath("abc_DEF-123"))).isEqualTo(content);
        store.delete("abc_DEF-123");
        store.delete("abc_DEF-123");
        assertThat(Files.exists(store.localPath("abc_DEF-123"))).isFalse();
        assertThat(thingsKept()).isZero();
    }

    @Test
    void keepsAFileOfManyMegabytesExactly() throws Exception {
        String id = anImportId();
        long size = 5L * 1024 * 1024 + 12_345;
        assertThat(store.save(id, generated(size), 8L << 20)).isEqualTo(size);
        Path local = store.localPath(id);
        assertThat(Files.size(local)).isEqualTo(size);
        try (InputStream in = Files.newInputStream(local)) {
            assertThat(sha256(in)).isEqualTo(sha256(generated(size)));
        }
    }

    @Test
    void refusesAFileOverTheLimitNamingItAndKeepsNothing() throws Exception {
        InputStream tooBig = generated(3 * 1024 * 1024 + 1);
        assertThatThrownBy(() -> store.save("big", tooBig, 3L << 20))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE))
                .hasMessageContaining("3 MB").hasMessageContaining("maxFileBytes");
        assertThat(thingsKept()).isZero();
    }

    @Test
    void acceptsAFileOfExactlyTheLimit() throws IOException {
        assertThat(store.save("exact", new ByteArrayInputStream(new byte[1500]), 1500)).isEqualTo(1500);
        assertThat(Files.size(store.localPath("exact"))).isEqualTo(1500);
    }

    @Test
    void anEmptyFileIsStored() throws IOException {
        assertThat(store.save("empty", InputStream.nullInputStream(), 10)).isZero();
        assertThat(Files.size(store.localPath("empty"))).isZero();
    }

    @Test
    void anUploadBrokenOffMidwayKeepsNothing() throws Exception {
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
        assertThatThrownBy(() -> store.save("cut", broken, 1L << 20))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("upload it again");
        assertThat(thingsKept()).isZero();
    }

    @Test
    void savingAgainReplacesTheEarlierFile() throws IOException {
        store.save("again", new ByteArrayInputStream("first version".getBytes()), 100);
        store.save("again", new ByteArrayInputStream("second".getBytes()), 100);
        assertThat(Files.readString(store.localPath("again"))).isEqualTo("second");
    }

    @Test
    void filesOfImportsAreKeptApart() throws IOException {
        store.save("a", new ByteArrayInputStream("AAA".getBytes()), 100);
        store.save("b", new ByteArrayInputStream("BB".getBytes()), 100);
        store.delete("b");
        assertThat(Files.readString(store.localPath("a"))).isEqualTo("AAA");
        assertThat(Files.exists(store.localPath("b"))).isFalse();
    }

    @Test
    void refusesIdsThatCouldEscapeTheFolder() {
        for (String id : new String[]{"../evil", "a/b", "", "x.csv", null}) {
            assertThatThrownBy(() -> store.localPath(id)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.save(id, InputStream.nullInputStream(), 10))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
