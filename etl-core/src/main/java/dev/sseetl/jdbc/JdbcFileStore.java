package dev.sseetl.jdbc;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.spi.FileStore;
import dev.sseetl.store.Uploads;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link FileStore} in a database shared by every node, so a node that takes over an import's buffering can read a
 * file uploaded to another node. A file is a line in table {@code <prefix>file} (its size and number of chunks) and
 * its bytes are rows of {@code <prefix>file_chunk} of at most 1 MiB each ({@code bytea}), written one chunk at a time
 * in one transaction: the whole file is never in memory, a file appears only once complete, and an upload that breaks
 * off or is too large leaves nothing. Chunked rows rather than PostgreSQL large objects because they are deleted with
 * the import's rows (no {@code lo_unlink} to forget, no orphaned objects), work through any connection pool and on H2.
 *
 * <p>Readers need a local file with random access (XLSX is a ZIP), so {@link #localPath} keeps a copy in this node's
 * cache folder: the uploading node writes it while saving, any other node downloads it chunk by chunk on first use.
 * A cached copy is used only while the database still holds a file of the same size; {@link #delete} removes the rows
 * and this node's copy. Works on PostgreSQL and H2.
 */
public final class JdbcFileStore implements FileStore {
    static final int DEFAULT_CHUNK_BYTES = 1 << 20;

    private final DataSource dataSource;
    private final Path cache;
    private final String files;
    private final String chunks;
    private final int chunkBytes;

    /** A store in tables {@code etl_file} and {@code etl_file_chunk}, caching files in {@code cacheDirectory}. */
    public JdbcFileStore(DataSource dataSource, Path cacheDirectory) {
        this(dataSource, Tables.DEFAULT_PREFIX, cacheDirectory);
    }

    /**
     * A store in tables {@code <tablePrefix>file} and {@code <tablePrefix>file_chunk} (created when missing), caching
     * local copies in {@code cacheDirectory} (created when missing; one per node, not shared).
     *
     * @throws IllegalArgumentException when the prefix is not usable
     */
    public JdbcFileStore(DataSource dataSource, String tablePrefix, Path cacheDirectory) {
        this(dataSource, tablePrefix, cacheDirectory, DEFAULT_CHUNK_BYTES);
    }

    JdbcFileStore(DataSource dataSource, String tablePrefix, Path cacheDirectory, int chunkBytes) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.cache = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        String prefix = Tables.prefix(tablePrefix);
        this.files = prefix + "file";
        this.chunks = prefix + "file_chunk";
        this.chunkBytes = chunkBytes;
        try {
            Files.createDirectories(cacheDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload cache folder " + cacheDirectory, e);
        }
        Tables.create(dataSource,
                "CREATE TABLE IF NOT EXISTS " + files + " (import_id VARCHAR(64) PRIMARY KEY, size BIGINT NOT NULL, "
                        + "chunks INT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + chunks + " (import_id VARCHAR(64) NOT NULL, seq INT NOT NULL, "
                        + "data BYTEA NOT NULL, PRIMARY KEY (import_id, seq))");
    }

    @Override
    public long save(String importId, InputStream content, long maxBytes) {
        Path local = cached(importId);
        Path partial = null;
        try {
            partial = Files.createTempFile(cache, importId, ".partial");
            Path copy = partial;
            long[] size = new long[1];
            Tables.inTransaction(dataSource, "store the uploaded file of import " + importId, c -> {
                deleteRows(c, importId);
                try (ChunkOutput out = new ChunkOutput(c, importId, Files.newOutputStream(copy))) {
                    size[0] = Uploads.copy(content, maxBytes, out);
                    out.flushChunk();
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO " + files + " (import_id, size, chunks) VALUES (?, ?, ?)")) {
                        ps.setString(1, importId);
                        ps.setLong(2, size[0]);
                        ps.setInt(3, out.sequence);
                        ps.executeUpdate();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size[0];
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof ImportException ie ? ie
                    : new ImportException(ErrorCode.INTERNAL, "The uploaded file could not be stored on the server; "
                      + "try again in a moment.", e);
            try {
                delete(importId);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        } finally {
            if (partial != null) {
                deleteQuietly(partial);
            }
        }
    }

    /**
     * This node's copy of the file, downloaded chunk by chunk when missing or stale. When the database holds no file
     * for the import, any copy is removed and the (missing) path is returned, as for a local store.
     */
    @Override
    public Path localPath(String importId) {
        Path local = cached(importId);
        OptionalLong stored = storedSize(importId);
        try {
            if (stored.isEmpty()) {
                Files.deleteIfExists(local);
            } else if (!Files.exists(local) || Files.size(local) != stored.getAsLong()) {
                download(importId, local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a local copy of the uploaded file of import " + importId, e);
        }
        return local;
    }

    @Override
    public void delete(String importId) {
        Path local = cached(importId);
        Tables.inTransaction(dataSource, "delete the uploaded file of import " + importId, c -> deleteRows(c, importId));
        deleteQuietly(local);
    }

    private Path cached(String importId) {
        return cache.resolve(Uploads.requireSafeId(importId) + ".upload");
    }

    private OptionalLong storedSize(String importId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT size FROM " + files + " WHERE import_id = ?")) {
            ps.setString(1, importId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw Tables.failure("find the uploaded file of import " + importId, e);
        }
    }

    /** Reads one chunk per query, so neither this JVM nor the driver ever holds more than one chunk. */
    private void download(String importId, Path local) throws IOException {
        Path partial = Files.createTempFile(cache, importId, ".download");
        try (OutputStream out = Files.newOutputStream(partial); Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT data FROM " + chunks + " WHERE import_id = ? AND seq = ?")) {
            ps.setString(1, importId);
            for (int seq = 0; ; seq++) {
                ps.setInt(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    out.write(rs.getBytes(1));
                }
            }
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw Tables.failure("read the uploaded file of import " + importId, e);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        Files.move(partial, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void deleteRows(Connection c, String importId) throws SQLException {
        for (String table : new String[]{files, chunks}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE import_id = ?")) {
                ps.setString(1, importId);
                ps.executeUpdate();
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file, e);
        }
    }

    /** Writes to the local copy and, every {@code chunkBytes}, one chunk row; {@link #flushChunk()} sends the rest. */
    private final class ChunkOutput extends OutputStream {
        private final PreparedStatement insert;
        private final OutputStream copy;
        private final byte[] chunk = new byte[chunkBytes];
        private int filled;
        private int sequence;

        ChunkOutput(Connection c, String importId, OutputStream copy) throws SQLException {
            this.copy = copy;
            this.insert = c.prepareStatement("INSERT INTO " + chunks + " (import_id, seq, data) VALUES (?, ?, ?)");
            insert.setString(1, importId);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            copy.write(bytes, offset, length);
            while (length > 0) {
                int n = Math.min(length, chunk.length - filled);
                System.arraycopy(bytes, offset, chunk, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == chunk.length) {
                    flushChunk();
                }
            }
        }

        void flushChunk() throws IOException {
            if (filled == 0) {
                return;
            }
            try {
                insert.setInt(2, sequence);
                insert.setBytes(3, filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("Storing chunk " + sequence + " failed: " + e.getMessage(), e);
            }
            sequence++;
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            try (OutputStream ignored = copy) {
                insert.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }
}
