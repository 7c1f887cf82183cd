package dev.sseetl.spi;

import dev.sseetl.ImportJob;

import java.util.Objects;

/** Decides whether a caller may see or touch an import. A refused caller is told "not found". */
@FunctionalInterface
public interface ImportAccessPolicy {
    /** True when {@code owner} may read or change {@code job}. */
    boolean mayAccess(ImportJob job, String owner);

    /** The default: only the owner who uploaded the import. */
    static ImportAccessPolicy ownerOnly() {
        return (job, owner) -> Objects.equals(job.owner(), owner);
    }
}
