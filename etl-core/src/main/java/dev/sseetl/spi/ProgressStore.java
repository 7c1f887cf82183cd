package dev.sseetl.spi;

import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;

import java.util.Optional;

/**
 * Holds the latest progress of each import and phase, and tells listeners of every change so nothing polls.
 */
public interface ProgressStore {
    /**
     * Stores a snapshot, replacing the previous one of its import and phase, assigns it the next version of that
     * import, and notifies that phase's listeners.
     *
     * @return the stored snapshot, with its version
     */
    ProgressSnapshot put(ProgressSnapshot snapshot);

    /** The latest snapshot of this import and phase, if any. */
    Optional<ProgressSnapshot> get(String importId, Phase phase);

    /** Registers a listener for this import and phase's future changes. */
    Subscription subscribe(String importId, Phase phase, ProgressListener listener);

    /** Forgets every snapshot of the import; listeners are dropped. */
    void delete(String importId);
}
