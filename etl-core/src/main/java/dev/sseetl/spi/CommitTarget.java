package dev.sseetl.spi;

import dev.sseetl.CommitMode;
import dev.sseetl.schema.Schema;

/** Where committed rows go: a JDBC table or host code. */
public interface CommitTarget {
    /** Opens a session for one commit of rows of {@code schema} in {@code mode}. */
    CommitSession open(Schema schema, CommitMode mode);

    /**
     * What earlier attempts of this import's commit left committed (a node died, or the commit failed and is
     * retried): the engine resumes after it and counts it in the result. The default, for targets that keep no
     * checkpoints, is {@link Checkpoint#NONE}: a retry then starts again at chunk 0, with the same {@link ChunkKey}s.
     */
    default Checkpoint committed(String importId) {
        return Checkpoint.NONE;
    }
}
