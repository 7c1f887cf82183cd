package dev.sseetl.store;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.spi.FileStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The default {@link FileStore}: uploaded files in a local folder, named after the import id only (never after the
 * client's file name), so no upload can choose where it lands.
 */
public final class LocalFileStore implements FileStore {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Path directory;

    /** A store keeping its files in {@code directory} (created when missing). */
    public LocalFileStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload folder " + directory, e);
        }
    }

    @Override
    public long save(String importId, InputStream content, long maxBytes) {
        Path file = localPath(importId);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) != -1) {
                written += n;
                if (written > maxBytes) {
                    throw new ImportException(ErrorCode.TOO_LARGE, "The file is larger than the limit of "
                            + describeBytes(maxBytes) + " (maxFileBytes). Split it into smaller files and upload them one by one.");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            delete(importId);
            throw new ImportException(ErrorCode.BAD_REQUEST, "The upload was interrupted before the whole file arrived; upload it again.", e);
        } catch (RuntimeException e) {
            delete(importId);
            throw e;
        }
        return written;
    }

    @Override
    public Path localPath(String importId) {
        if (importId == null || !SAFE_ID.matcher(importId).matches()) {
            throw new IllegalArgumentException("Not an import id: " + importId);
        }
        return directory.resolve(importId + ".upload");
    }

    @Override
    public void delete(String importId) {
        try {
            Files.deleteIfExists(localPath(importId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the uploaded file of import " + importId, e);
        }
    }

    /** A byte count in the largest whole unit, e.g. {@code 256 MB} or {@code 1500 bytes}. */
    static String describeBytes(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GB";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
