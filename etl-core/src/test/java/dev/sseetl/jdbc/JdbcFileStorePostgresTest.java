package dev.sseetl.jdbc;

import dev.sseetl.spi.FileStore;
import dev.sseetl.testing.FileStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The file store on the shared PostgreSQL, with small chunks so a few megabytes make many rows. */
class JdbcFileStorePostgresTest extends FileStoreContract {
    private static final int CHUNK = 64 * 1024;

    @RegisterExtension
    static final ScratchTables tables = new ScratchTables();

    @Override
    protected FileStore createStore(Path folder) {
        JdbcFileStore store = aNode(folder);
        tables.empty("file", "file_chunk");
        return store;
    }

    private static JdbcFileStore aNode(Path cacheFolder) {
        return new JdbcFileStore(tables.dataSource, tables.prefix, cacheFolder, CHUNK);
    }

    @Override
    protected long thingsKept() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count() + query("SELECT (SELECT count(*) FROM " + tables.prefix + "file) + (SELECT count(*) FROM "
                    + tables.prefix + "file_chunk)");
        }
    }

    private static long query(String sql) throws SQLException {
        try (Connection c = tables.dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anotherNodeReadsTheUploadFromTheDatabaseInChunks() throws Exception {
        String id = anImportId();
        long size = 40L * CHUNK + 17;
        store.save(id, generated(size), 1L << 30);
        assertThat(query("SELECT count(*) FROM " + tables.prefix + "file_chunk WHERE import_id = '" + id + "'"))
                .isEqualTo(41);
        assertThat(query("SELECT max(octet_length(data)) FROM " + tables.prefix + "file_chunk")).isEqualTo(CHUNK);

        Path otherFolder = Files.createTempDirectory(folder.getParent(), "node-b");
        JdbcFileStore nodeB = aNode(otherFolder);
        Path copy = nodeB.localPath(id);
        assertThat(copy.getParent()).isEqualTo(otherFolder);
        try (InputStream in = Files.newInputStream(copy)) {
            assertThat(sha256(in)).isEqualTo(sha256(generated(size)));
        }
        try (Stream<Path> left = Files.list(otherFolder)) {
            assertThat(left).containsExactly(copy); // no partial download left behind
        }
    }

    @Test
    void aCopyCachedOnOneNodeIsDroppedOnceAnotherNodeDeletesTheFile() throws Exception {
        String id = anImportId();
        store.save(id, generated(3 * CHUNK), 1L << 20);
        Path otherFolder = Files.createTempDirectory(folder.getParent(), "node-b");
        JdbcFileStore nodeB = aNode(otherFolder);
        assertThat(Files.size(nodeB.localPath(id))).isEqualTo(3 * CHUNK);

        store.delete(id);
        assertThat(Files.exists(nodeB.localPath(id))).isFalse();
        try (Stream<Path> left = Files.list(otherFolder)) {
            assertThat(left).isEmpty();
        }
        assertThat(thingsKept()).isZero();
    }
}
