package dev.sseetl.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The engine's folder for stored files and staging: the host's (created when missing, kept on close), or a new temp
 * folder {@code sse-etl-*} that the engine owns and deletes on close.
 */
final class WorkDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);

    private final Path path;
    private final boolean owned;

    private WorkDirectory(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    /**
     * The host's folder, or a new temp folder when {@code chosen} is null.
     *
     * @throws IllegalStateException saying which folder could not be created and how to choose another
     */
    static WorkDirectory of(Path chosen) {
        try {
            return chosen == null ? new WorkDirectory(Files.createTempDirectory("sse-etl-"), true)
                    : new WorkDirectory(Files.createDirectories(chosen), false);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the engine's work folder "
                    + (chosen == null ? "in " + System.getProperty("java.io.tmpdir") : chosen)
                    + "; set a writable one with EtlEngine.builder().workDirectory(...).", e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the folder with everything in it when the engine created it; keeps the host's. */
    @Override
    public void close() {
        if (!owned || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the engine's work folder {}", path, e);
        }
    }
}
