package dev.sseetl.internal;

import dev.sseetl.progress.InMemoryProgressStore;
import dev.sseetl.spi.FileStore;
import dev.sseetl.spi.ImportRepository;
import dev.sseetl.spi.ProgressStore;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.stage.DiskStagingStore;
import dev.sseetl.store.InMemoryImportRepository;
import dev.sseetl.store.LocalFileStore;

import java.nio.file.Path;

/** Where the engine keeps an import: its stored file, staged rows, progress and metadata. */
record ImportStores(FileStore files, StagingStore staging, ProgressStore progress, ImportRepository repository) {

    /** The host's stores, with the defaults for those not set: files and staging in the work folder, the rest in memory. */
    static ImportStores withDefaults(EngineSettings settings, Path workDirectory) {
        return new ImportStores(
                settings.fileStore() != null ? settings.fileStore() : new LocalFileStore(workDirectory.resolve("uploads")),
                settings.stagingStore() != null ? settings.stagingStore() : new DiskStagingStore(workDirectory.resolve("staging")),
                settings.progressStore() != null ? settings.progressStore() : new InMemoryProgressStore(),
                settings.importRepository() != null ? settings.importRepository() : new InMemoryImportRepository());
    }

    /** Deletes the import's staged rows and stored file; its metadata and progress stay. */
    void deleteContent(String id) {
        staging.delete(id);
        files.delete(id);
    }

    /** Deletes everything kept about the import. */
    void forget(String id) {
        deleteContent(id);
        progress.delete(id);
        repository.delete(id);
    }
}
