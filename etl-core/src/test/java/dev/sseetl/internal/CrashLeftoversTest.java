package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a crashed process left is removed at the next start; a discard after a commit says what stays written. */
class CrashLeftoversTest {
    @TempDir
    Path work;
    @TempDir
    Path files;
    @TempDir
    Path temp;

    @Test
    void uploadsAndStagingFilesOfAnEarlierProcessAreDeletedAtStart() throws IOException {
        Files.createDirectories(work.resolve("uploads"));
        Files.createDirectories(work.resolve("staging"));
        Path upload = Files.writeString(work.resolve("uploads").resolve("gone123.upload"), "Name\nAda\n");
        Path partial = Files.writeString(work.resolve("uploads").resolve("upload123.tmp"), "Na");
        Path rows = Files.write(work.resolve("staging").resolve("gone123.1.rows"), new byte[4096]);
        Path index = Files.write(work.resolve("staging").resolve("gone123.1.idx"), new byte[64]);

        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).build()) {
            assertThat(upload).doesNotExist();
            assertThat(partial).doesNotExist();
            assertThat(rows).doesNotExist();
            assertThat(index).doesNotExist();
            String id = upload(engine, peopleCsv(files, 10, 0));
            awaitState(engine, id, ImportState.BUFFERED);
            assertThat(Fixtures.filesNamed(work.resolve("staging"), id)).as("the new import's rows").isNotEmpty();
        }
    }

    @Test
    void tempWorkFoldersOfDeadProcessesAreDeletedAndLiveOnesKept() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path dead = folder("sse-etl-dead", Long.toString(exited.pid()));
        Path alive = folder("sse-etl-alive", Long.toString(ProcessHandle.current().pid()));
        Path oldUnmarked = folder("sse-etl-old", null);
        Files.setLastModifiedTime(oldUnmarked, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path newUnmarked = folder("sse-etl-new", null);
        Path foreign = folder("other-dead", Long.toString(exited.pid()));

        assertThat(WorkDirectory.removeAbandoned(temp)).isEqualTo(2);

        assertThat(dead).doesNotExist();
        assertThat(oldUnmarked).doesNotExist();
        assertThat(alive).exists();
        assertThat(newUnmarked).as("may be an engine of an older version still running").exists();
        assertThat(foreign).exists();
    }

    @Test
    void theEnginesOwnTempFolderNamesItsProcessAndGoesOnClose() {
        EtlEngine engine = EtlEngine.builder().schema(people()).build();
        Path folder = ((DefaultEtlEngine) engine).workDirectory;
        assertThat(folder.resolve(WorkDirectory.OWNER_FILE)).hasContent(Long.toString(ProcessHandle.current().pid()));
        engine.close();
        assertThat(folder).doesNotExist();
    }

    @Test
    void aDiscardAfterAPartialCommitSaysHowManyRowsStayInTheTarget() {
        MemoryTable table = new MemoryTable().refusing(351);
        try (EtlEngine engine = EtlEngine.builder().schema(people().withTarget(table)).workDirectory(work)
                .progressInterval(Duration.ZERO).build()) {
            String id = upload(engine, peopleCsv(files, 1_000, 0));
            awaitState(engine, id, ImportState.BUFFERED);
            engine.commit(id, OWNER, new CommitOptions(CommitMode.VALID_ROWS, 100));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> engine.progress(id, OWNER, Phase.COMMIT).status().isFinal());
            assertThat(table.size()).isEqualTo(300);

            assertThat(engine.discard(id, OWNER)).isEqualTo("Import " + id + " was discarded. 300 rows committed "
                    + "before stay in the target: discarding does not delete committed rows.");

            String untouched = upload(engine, peopleCsv(files, 10, 0));
            awaitState(engine, untouched, ImportState.BUFFERED);
            assertThat(engine.discard(untouched, OWNER)).endsWith("Nothing of it was written to the target.");
        }
    }

    private Path folder(String name, String pid) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        Files.writeString(folder.resolve("uploads.bin"), "x");
        if (pid != null) {
            Files.writeString(folder.resolve(WorkDirectory.OWNER_FILE), pid);
        }
        return folder;
    }
}
