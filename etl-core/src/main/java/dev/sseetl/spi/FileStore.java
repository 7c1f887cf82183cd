package dev.sseetl.spi;

import java.io.InputStream;
import java.nio.file.Path;

/** Keeps uploaded files until their import ends or expires. */
public interface FileStore {
    /**
     * Copies the stream into the store under the import's id, reading at most {@code maxBytes}.
     *
     * @return the number of bytes stored
     * @throws dev.sseetl.ImportException with code TOO_LARGE when the stream is longer than {@code maxBytes}
     *                                    (nothing is kept then)
     */
    long save(String importId, InputStream content, long maxBytes);

    /** A local file with the stored content, readable with random access (XLSX needs it). */
    Path localPath(String importId);

    /** Deletes the stored file. Deleting twice is harmless. */
    void delete(String importId);
}
