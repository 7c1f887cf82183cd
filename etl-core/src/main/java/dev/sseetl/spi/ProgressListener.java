package dev.sseetl.spi;

import dev.sseetl.ProgressSnapshot;

/** Receives progress changes. Called on the thread that stored the change: return quickly, never block. */
@FunctionalInterface
public interface ProgressListener {
    /** A new snapshot was stored. */
    void onProgress(ProgressSnapshot snapshot);
}
