package dev.sseetl.spi;

import dev.sseetl.CommitOptions;
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

    /**
     * Records that the job working on the import is alive at {@code now} (its node beats every few seconds for each
     * of its running imports). A state change clears the beat: until the next one, the change's time counts.
     */
    void beat(String importId, Instant now);

    /**
     * Running imports (UPLOADED, BUFFERING, COMMITTING) whose last beat, or last state change when none came since,
     * is before {@code cutoff}: their job's node stopped or lost the stores.
     */
    List<ImportJob> silentSince(Instant cutoff);

    /** Stores how the import is committed, when its commit starts; a later call replaces it. */
    void saveCommitOptions(String importId, CommitOptions options);

    /** How the import is (or was last) committed; empty before its first commit. */
    Optional<CommitOptions> commitOptions(String importId);

    /** Jobs whose {@code endedAt} is before {@code cutoff}. */
    List<ImportJob> endedBefore(Instant cutoff);

    /** Forgets the job. Deleting twice is harmless. */
    void delete(String importId);
}
