package dev.sseetl.spi;

import dev.sseetl.CommitMode;
import dev.sseetl.schema.Schema;

/** Where committed rows go: a JDBC table or host code. */
public interface CommitTarget {
    /** Opens a session for one commit of rows of {@code schema} in {@code mode}. */
    CommitSession open(Schema schema, CommitMode mode);
}
