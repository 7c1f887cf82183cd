package dev.sseetl.spi;

import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Keeps the metadata of every import. Implementations copy on the way in and out. */
public interface ImportRepository {
    /** Stores a new job; its id must be new. */
    void insert(ImportJob job);

    /** The job with this id, if any. */
    Optional<ImportJob> find(String importId);

    /**
     * Atomically moves the job to {@code to} if its current state is one of {@code from}.
     *
     * @return the updated job, or empty when the job is missing or in another state (nothing changed then)
     */
    Optional<ImportJob> transition(String importId, Set<ImportState> from, ImportState to, String message, Instant now);

    /** Jobs whose {@code endedAt} is before {@code cutoff}. */
    List<ImportJob> endedBefore(Instant cutoff);

    /** Forgets the job. Deleting twice is harmless. */
    void delete(String importId);
}
