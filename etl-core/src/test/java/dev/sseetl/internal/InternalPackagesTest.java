package dev.sseetl.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every internal package says so in its package-info, which is what a reader of the sources sees first. */
class InternalPackagesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/sseetl");

    @Test
    void everyInternalPackageIsMarkedNotApi() throws IOException {
        List<Path> internal;
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            internal = dirs.filter(Files::isDirectory).filter(d -> d.getFileName().toString().contains("internal")
                    || SOURCES.relativize(d).toString().contains("internal")).toList();
        }
        assertThat(internal).as("internal packages under " + SOURCES.toAbsolutePath()).isNotEmpty();
        for (Path dir : internal) {
            Path info = dir.resolve("package-info.java");
            assertThat(info).as("package-info of " + dir).exists();
            assertThat(Files.readString(info)).as(info.toString()).contains("Internal: not API, may change without notice");
        }
    }
}
