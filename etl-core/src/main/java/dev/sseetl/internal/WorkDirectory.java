package dev.sseetl.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The engine's folder for stored files and staging: the host's (created when missing, kept on close), or a new temp
 * folder {@code sse-etl-*} that the engine owns and deletes on close. An owned folder holds an {@value #OWNER_FILE}
 * file with the process id, so that a later engine can tell the folders of crashed processes and delete them.
 */
final class WorkDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);
    static final String PREFIX = "sse-etl-";
    static final String OWNER_FILE = "owner.pid";
    /** A temp folder without an owner file (made before there was one) counts as abandoned after this long. */
    static final Duration UNMARKED_AGE = Duration.ofHours(1);

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
            if (chosen == null) {
                Path temp = Files.createTempDirectory(PREFIX);
                Files.writeString(temp.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                return new WorkDirectory(temp, true);
            }
            return new WorkDirectory(Files.createDirectories(chosen), false);
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
        if (owned) {
            deleteTree(path);
        }
    }

    /**
     * Deletes the temp folders {@code sse-etl-*} in {@code tempRoot} that engines of processes no longer running left
     * (a crash skips {@link #close()}): their owner file names a dead process, or they have none and are older than
     * {@link #UNMARKED_AGE}.
     *
     * @return how many folders were deleted
     */
    static int removeAbandoned(Path tempRoot) {
        int n = 0;
        try (Stream<Path> folders = Files.list(tempRoot)) {
            for (Path folder : folders.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(Files::isDirectory).toList()) {
                if (abandoned(folder)) {
                    deleteTree(folder);
                    n++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not look for abandoned work folders in {}", tempRoot, e);
        }
        if (n > 0) {
            log.info("Deleted {} work folders that crashed processes left in {}", n, tempRoot);
        }
        return n;
    }

    private static boolean abandoned(Path folder) throws IOException {
        Path owner = folder.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            return Files.getLastModifiedTime(folder).toInstant().isBefore(Instant.now().minus(UNMARKED_AGE));
        }
        try {
            long pid = Long.parseLong(Files.readString(owner).strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the work folder {}", root, e);
        }
    }
}
