package dev.sseetl.stage;

import dev.sseetl.RowFilter;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.testing.StagingStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskStagingStoreTest extends StagingStoreContract {
    @TempDir
    Path folder;

    @Override
    protected StagingStore createStore() {
        return new DiskStagingStore(folder);
    }

    private long filesInFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void leavesNoFileBehindOnceDeletedDiscardedOrReplaced() throws IOException {
        String a = anImportId();
        stage(a, new boolean[]{true, false});
        stage(a, new boolean[]{true});
        String b = anImportId();
        try (StagingStore.Writer writer = store.open(b, 2)) {
            writer.append(aRow(0, true));
        }
        assertThat(filesInFolder()).isEqualTo(3); // a's one live buffer: rows, offsets, invalid ordinals
        store.delete(a);
        assertThat(filesInFolder()).isZero();
    }

    @Test
    void refusesIdsThatCouldEscapeItsFolder() {
        assertThatThrownBy(() -> store.open("../x", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.page("../x", RowFilter.ALL, 1, 1)).isEmpty();
    }
}
