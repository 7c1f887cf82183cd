package dev.sseetl.internal;

import dev.sseetl.CommitResult;
import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.spi.ImportRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.sseetl.ImportState.BUFFERED;
import static dev.sseetl.ImportState.BUFFERING;
import static dev.sseetl.ImportState.CANCELLED;
import static dev.sseetl.ImportState.COMMITTED;
import static dev.sseetl.ImportState.COMMITTING;
import static dev.sseetl.ImportState.FAILED;
import static dev.sseetl.ImportState.UPLOADED;

/**
 * The one place that changes an import's {@link ImportState}: every move is one of the allowed {@link Transition}s,
 * applied atomically by the {@link ImportRepository} (so two nodes, or a job and a cancel, cannot both win). Also the
 * one place that says why a state refuses an action, and that ends an import as FAILED or CANCELLED with its final
 * progress snapshot and the clean-up of its staged rows and stored file.
 *
 * <p>A new state or path (say {@code BUFFERING -> MAPPING -> BUFFERING}, or retrying a failed commit with
 * {@code FAILED -> COMMITTING}) is a new {@link Transition} constant and a method here that uses it.
 */
final class ImportLifecycle {
    private static final Set<ImportState> STAGED = EnumSet.of(BUFFERED, COMMITTING, COMMITTED);

    /** Every state change an import may make, as data; nothing else moves an import. */
    enum Transition {
        /** A buffering job picks the upload up. */
        UPLOADED_TO_BUFFERING(UPLOADED, BUFFERING),
        /** Every row is read, validated and staged. */
        BUFFERING_TO_BUFFERED(BUFFERING, BUFFERED),
        /** A commit starts. */
        BUFFERED_TO_COMMITTING(BUFFERED, COMMITTING),
        /** A commit that failed is retried: it resumes after its last committed chunk. */
        FAILED_TO_COMMITTING(FAILED, COMMITTING),
        /** The commit job could not be queued: the import is buffered again, as if commit was never called. */
        COMMITTING_TO_BUFFERED(COMMITTING, BUFFERED),
        /** Every valid row is written. */
        COMMITTING_TO_COMMITTED(COMMITTING, COMMITTED),
        /** The file could not be read or validated. */
        BUFFERING_TO_FAILED(BUFFERING, FAILED),
        /** The job's node stopped before it started buffering (no heartbeat). */
        UPLOADED_TO_FAILED(UPLOADED, FAILED),
        /** The target refused a chunk. */
        COMMITTING_TO_FAILED(COMMITTING, FAILED),
        /** Cancelled (or discarded, or the engine closed) while queued. */
        UPLOADED_TO_CANCELLED(UPLOADED, CANCELLED),
        /** Cancelled while buffering. */
        BUFFERING_TO_CANCELLED(BUFFERING, CANCELLED),
        /** Cancelled while committing. */
        COMMITTING_TO_CANCELLED(COMMITTING, CANCELLED);

        private final ImportState from;
        private final ImportState to;

        Transition(ImportState from, ImportState to) {
            this.from = from;
            this.to = to;
        }

        ImportState from() {
            return from;
        }

        ImportState to() {
            return to;
        }

        /**
         * The transition from one state to another.
         *
         * @throws IllegalStateException "Illegal state transition from X to Y" when the table has no such move
         */
        static Transition between(ImportState from, ImportState to) {
            for (Transition t : values()) {
                if (t.from == from && t.to == to) {
                    return t;
                }
            }
            throw new IllegalStateException("Illegal state transition from " + from + " to " + to);
        }

        /** Every transition that ends in {@code to}. */
        static Set<Transition> into(ImportState to) {
            return Arrays.stream(values()).filter(t -> t.to == to)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Transition.class)));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ImportLifecycle.class);

    private final ImportStores stores;
    private final Clock clock;
    private final StoreRetry retry;
    private final ImportEvents events;

    ImportLifecycle(ImportStores stores, Clock clock) {
        this(stores, clock, new StoreRetry(clock), ImportEvents.none());
    }

    /** @param retry how an ending is written until the stores accept it */
    ImportLifecycle(ImportStores stores, Clock clock, StoreRetry retry) {
        this(stores, clock, retry, ImportEvents.none());
    }

    /** @param events who hears each stored transition into BUFFERED (from buffering), COMMITTED, FAILED, CANCELLED */
    ImportLifecycle(ImportStores stores, Clock clock, StoreRetry retry, ImportEvents events) {
        this.stores = stores;
        this.clock = clock;
        this.retry = retry;
        this.events = events;
    }

    /**
     * UPLOADED -> BUFFERING; empty when the import is no longer uploaded (cancelled meanwhile). An import already
     * BUFFERING is returned as is: its durable execution was revived after its node died and starts again from the file.
     */
    Optional<ImportJob> startBuffering(String id) {
        Optional<ImportJob> current = stores.repository().find(id);
        if (current.filter(job -> job.state() == BUFFERING).isPresent()) {
            return current;
        }
        return move(id, null, EnumSet.of(Transition.UPLOADED_TO_BUFFERING));
    }

    /**
     * Ends buffering: BUFFERING -> BUFFERED, then the Completed snapshot, each written until the stores accept it.
     *
     * @return false when the import is no longer buffering (cancelled meanwhile); nothing is written then
     */
    boolean endBuffered(String id, ProgressReporter reporter) {
        if (moveDurably(id, null, EnumSet.of(Transition.BUFFERING_TO_BUFFERED)).isEmpty()) {
            return false;
        }
        retry.until("store the Completed buffering snapshot", id, () -> reporter.completed(null));
        return true;
    }

    /**
     * BUFFERED -> COMMITTING, atomically: of two calls one wins.
     *
     * @throws ImportException CONFLICT saying why the import cannot be committed now, NOT_FOUND when it is gone
     */
    ImportJob startCommit(String id) {
        Set<Transition> from = failedWhileCommitting(id)
                ? EnumSet.of(Transition.BUFFERED_TO_COMMITTING, Transition.FAILED_TO_COMMITTING)
                : EnumSet.of(Transition.BUFFERED_TO_COMMITTING);
        synchronized (editLock(id)) {
            return move(id, null, from).orElseThrow(() -> commitRefused(id));
        }
    }

    /** True when the import is FAILED and it failed committing (not buffering): its staged rows are kept for a retry. */
    boolean failedWhileCommitting(String id) {
        return stores.repository().find(id).filter(job -> job.state() == FAILED).isPresent()
                && stores.repository().commitOptions(id).isPresent();
    }

    /**
     * Runs a change of the staged rows while the import is BUFFERED, holding the import's edit lock, which
     * {@link #startCommit} takes too: a commit cannot start in the middle of an edit on this node. (Across nodes the
     * state check alone holds: an edit that races a commit started elsewhere may reach the rows before the commit
     * reads them or not at all.)
     *
     * @throws ImportException CONFLICT unless the import is BUFFERED
     */
    <T> T whileBuffered(ImportJob job, String action, Supplier<T> edit) {
        synchronized (editLock(job.id())) {
            ImportState state = stores.repository().find(job.id()).map(ImportJob::state).orElse(null);
            if (state == null) {
                throw ImportException.notFound(job.id());
            }
            if (state != BUFFERED) {
                throw ImportException.conflict("Import " + job.id() + " is " + state.name().toLowerCase(Locale.ROOT)
                        + "; rows can be " + action + " only while it is buffered, before the commit.");
            }
            return edit.get();
        }
    }

    /** Striped edit locks: bounded memory; two imports rarely share one, and then only wait a moment. */
    private final Object[] editLocks = java.util.stream.Stream.generate(Object::new).limit(64).toArray();

    private Object editLock(String id) {
        return editLocks[Math.floorMod(id.hashCode(), editLocks.length)];
    }

    /** Undoes {@link #startCommit} when its job could not be queued: the Starting commit snapshot, BUFFERED again. */
    void commitNotStarted(String id, long validRows) {
        stores.progress().put(ProgressSnapshot.starting(id, Phase.COMMIT, validRows));
        move(id, null, EnumSet.of(Transition.COMMITTING_TO_BUFFERED));
    }

    /**
     * Ends a commit: COMMITTING -> COMMITTED, then the Completed snapshot with the result, each written until the
     * stores accept it.
     *
     * @return false when the import is no longer committing (cancelled meanwhile); nothing is written then
     */
    boolean endCommitted(String id, ProgressReporter reporter, CommitResult result) {
        if (moveDurably(id, null, EnumSet.of(Transition.COMMITTING_TO_COMMITTED), result).isEmpty()) {
            return false;
        }
        retry.until("store the Completed commit snapshot", id, () -> reporter.completed(result));
        return true;
    }

    /** Any running state -> CANCELLED with the reason; false when the import is not running (any more). */
    boolean cancel(String id, String reason) {
        return move(id, reason, Transition.into(CANCELLED)).isPresent();
    }

    /**
     * Ends a job as FAILED (or CANCELLED when it was cancelled meanwhile): stores the Failed snapshot, then deletes
     * the staged rows and the stored file.
     *
     * @param from         the state the job ran in
     * @param cancelReason why it was cancelled, asked only when it was
     */
    void endFailed(String id, ImportState from, String message, Supplier<String> cancelReason,
                   ProgressReporter reporter, CommitResult result) {
        if (moveDurably(id, message, EnumSet.of(Transition.between(from, FAILED))).isEmpty()) {
            endCancelled(id, cancelReason.get(), reporter, result);
            return;
        }
        // before the clean-up, so a client seeing FAILED also finds the result
        retry.until("store the Failed snapshot", id, () -> reporter.failed(message, result));
        deleteContent(id, from == COMMITTING);
    }

    /**
     * Ends a job as CANCELLED: stores the Cancelled snapshot, deletes staged rows and file, and the progress too when
     * the import was discarded meanwhile. Safe to call twice.
     */
    void endCancelled(String id, String reason, ProgressReporter reporter, CommitResult result) {
        moveDurably(id, reason, Transition.into(CANCELLED));
        retry.until("store the Cancelled snapshot", id, () -> reporter.cancelled(reason, result));
        deleteContent(id, false);
        retry.until("forget the progress of a discarded import", id, () -> {
            if (stores.repository().find(id).isEmpty()) {
                stores.progress().delete(id); // discarded while the job was stopping: keep nothing of it
            }
        });
    }

    /**
     * Ends an import whose job stopped beating (its node died or lost the stores) as FAILED with {@code message},
     * and stores {@code snapshot} (the last one, now Failed) for the phase it ran in; its staged rows and file are
     * deleted. Written until the stores accept it.
     *
     * @return false when the import was no longer running (it ended meanwhile); nothing is written then
     */
    boolean endSilent(String id, String message, ProgressSnapshot snapshot) {
        if (moveDurably(id, message, EnumSet.of(Transition.UPLOADED_TO_FAILED, Transition.BUFFERING_TO_FAILED,
                Transition.COMMITTING_TO_FAILED)).isEmpty()) {
            return false;
        }
        retry.until("store the Failed snapshot", id, () -> stores.progress().put(snapshot));
        deleteContent(id, snapshot.phase() == Phase.COMMIT);
        return true;
    }

    /**
     * Deletes the file, and the staged rows unless {@code keepStaged} (a failed commit keeps them for its retry);
     * once: what is left is the expiry sweep's (it forgets the import later).
     */
    private void deleteContent(String id, boolean keepStaged) {
        try {
            if (keepStaged) {
                stores.files().delete(id);
            } else {
                stores.deleteContent(id);
            }
        } catch (RuntimeException e) {
            log.warn("Import {}: could not delete its staged rows or file now; the expiry sweep deletes them", id, e);
        }
    }

    /** Why the job's import was cancelled: the handle's reason, else the stored message, else a plain one. */
    String cancelReason(String id, JobHandle handle) {
        String reason = handle == null ? null : handle.reason();
        if (reason == null) {
            reason = stores.repository().find(id).map(ImportJob::message).orElse(null);
        }
        return reason == null ? "The import was cancelled." : reason;
    }

    /**
     * Passes when the import's rows are staged (BUFFERED or later, not ended otherwise).
     *
     * @param action what the caller wanted, for the message ("preview")
     * @throws ImportException CONFLICT saying what to do instead
     */
    void requireStaged(ImportJob job, String action) {
        if (STAGED.contains(job.state())) {
            return;
        }
        throw ImportException.conflict(switch (job.state()) {
            case UPLOADED, BUFFERING -> "Import " + job.id() + " is still buffering; " + action
                    + " it once buffering has completed.";
            case FAILED -> "Import " + job.id() + " failed" + (job.message() == null ? "." : ": " + job.message())
                    + (job.message() != null && job.message().toLowerCase(Locale.ROOT).contains("again") ? ""
                    : " Upload the corrected file again.");
            default -> "Import " + job.id() + " was cancelled; upload the file again.";
        });
    }

    private ImportException commitRefused(String id) {
        ImportState state = stores.repository().find(id).map(ImportJob::state).orElse(null);
        if (state == null) {
            return ImportException.notFound(id);
        }
        return ImportException.conflict(switch (state) {
            case COMMITTING -> "Import " + id + " is already committing.";
            case COMMITTED -> "Import " + id + " is already committed.";
            case UPLOADED, BUFFERING -> "Import " + id + " is not buffered yet; commit it once buffering has completed.";
            case FAILED -> "Import " + id + " failed while buffering and cannot be committed; upload the file again.";
            default -> "Import " + id + " was cancelled and cannot be committed; upload the file again.";
        });
    }

    /**
     * {@link #move} written until the repository accepts it. A write that reached the repository but whose answer was
     * lost leaves the import already in the target state: that counts as moved.
     */
    private Optional<ImportJob> moveDurably(String id, String message, Set<Transition> transitions) {
        return moveDurably(id, message, transitions, null);
    }

    private Optional<ImportJob> moveDurably(String id, String message, Set<Transition> transitions,
                                            CommitResult result) {
        ImportState to = transitions.iterator().next().to();
        return retry.until("store the " + to + " state", id, () -> {
            Optional<ImportJob> moved = move(id, message, transitions, result);
            if (moved.isPresent()) {
                return moved;
            }
            return stores.repository().find(id).filter(job -> job.state() == to && Objects.equals(job.message(),
                    message));
        });
    }

    private Optional<ImportJob> move(String id, String message, Set<Transition> transitions) {
        return move(id, message, transitions, null);
    }

    /**
     * Applies one of the transitions (all into the same state) atomically; empty when the import is in none. A move
     * the repository accepted is told to the listeners here, so each event fires once whoever calls.
     *
     * @param result the commit's result, for a move into COMMITTED
     */
    private Optional<ImportJob> move(String id, String message, Set<Transition> transitions, CommitResult result) {
        ImportState to = transitions.iterator().next().to();
        Set<ImportState> from = EnumSet.noneOf(ImportState.class);
        for (Transition t : transitions) {
            if (t.to() != to) {
                throw new IllegalArgumentException("Transitions into different states: " + transitions);
            }
            from.add(t.from());
        }
        Optional<ImportJob> moved = stores.repository().transition(id, from, to, message, clock.instant());
        moved.ifPresent(job -> tell(job, transitions, result));
        return moved;
    }

    private void tell(ImportJob job, Set<Transition> transitions, CommitResult result) {
        switch (job.state()) {
            case BUFFERED -> {
                if (transitions.contains(Transition.BUFFERING_TO_BUFFERED)) { // not a commit that was not queued
                    events.buffered(job, () -> stores.staging().summary(job.id()));
                }
            }
            case COMMITTED -> events.committed(job, result);
            case FAILED -> events.failed(job, job.message());
            case CANCELLED -> events.cancelled(job, job.message());
            default -> {
            }
        }
    }
}
