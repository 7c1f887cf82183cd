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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The default {@link FileStore}: uploaded files in a local folder, named after the import id only (never after the
 * client's file name), so no upload can choose where it lands.
 */
public final class LocalFileStore implements FileStore {
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
        try (OutputStream out = Files.newOutputStream(file)) {
            return Uploads.copy(content, maxBytes, out);
        } catch (IOException e) {
            delete(importId);
            throw new ImportException(ErrorCode.INTERNAL, "The uploaded file could not be stored on the server ("
                    + e.getMessage() + "); try again in a moment.", e);
        } catch (RuntimeException e) {
            delete(importId);
            throw e;
        }
    }

    @Override
    public Path localPath(String importId) {
        return directory.resolve(Uploads.requireSafeId(importId) + ".upload");
    }

    /**
     * Deletes the stored files of imports {@code keep} does not name (left by an earlier process of the same folder:
     * the imports no longer exist or no longer need their file), and partial files. Called at the engine's start.
     *
     * @return how many files were deleted
     */
    public int removeLeftovers(Predicate<String> keep) {
        int n = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                String id = name.endsWith(".upload") ? name.substring(0, name.length() - ".upload".length()) : null;
                if (id == null || !keep.test(id)) {
                    Files.deleteIfExists(file);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the left-over uploads in " + directory, e);
        }
        return n;
    }

    @Override
    public void delete(String importId) {
        try {
            Files.deleteIfExists(localPath(importId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the uploaded file of import " + importId, e);
        }
    }
}
