package dev.sseetl.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Writes that must reach the stores (an import's terminal state and its final progress snapshot): tried again with a
 * doubling pause (50 ms up to 5 s) until the store accepts them, each failure logged, for at most {@link #GIVE_UP_AFTER}.
 * Past that the last failure is thrown; the import is then ended by the heartbeat sweep of whichever node is alive
 * (its job stopped beating). The pauses ignore interrupts (a cancel interrupts the job's thread) and restore them.
 */
final class StoreRetry {
    private static final Logger log = LoggerFactory.getLogger(StoreRetry.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

    /** Waits between two attempts; tests move their clock instead of sleeping. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Pause pause;

    StoreRetry(Clock clock) {
        this(clock, duration -> Thread.sleep(duration.toMillis()));
    }

    StoreRetry(Clock clock, Pause pause) {
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * Runs {@code write} until it returns without throwing.
     *
     * @param what     what is written, for the log ("store the FAILED state")
     * @param importId whose write it is, for the log
     * @throws RuntimeException the last failure, when the store refused for {@link #GIVE_UP_AFTER}
     */
    <T> T until(String what, String importId, Supplier<T> write) {
        Instant deadline = clock.instant().plus(GIVE_UP_AFTER);
        Duration delay = FIRST_PAUSE;
        boolean interrupted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    T result = write.get();
                    if (attempt > 1) {
                        log.info("Import {}: could {} at attempt {}", importId, what, attempt);
                    }
                    return result;
                } catch (RuntimeException e) {
                    if (!clock.instant().isBefore(deadline)) {
                        log.error("Import {}: could not {} for {} s ({} attempts); giving up, the heartbeat sweep "
                                + "will end it", importId, what, GIVE_UP_AFTER.toSeconds(), attempt, e);
                        throw e;
                    }
                    log.warn("Import {}: could not {} (attempt {}: {}); trying again in {} ms", importId, what,
                            attempt, e.getMessage(), delay.toMillis());
                }
                interrupted |= sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : delay.multipliedBy(2);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code write} until it succeeds (see {@link #until(String, String, Supplier)}). */
    void until(String what, String importId, Runnable write) {
        until(what, importId, () -> {
            write.run();
            return null;
        });
    }

    /** Pauses for the whole duration even when interrupted; true when it was. */
    private boolean sleep(Duration delay) {
        boolean interrupted = Thread.interrupted();
        Instant end = Instant.now().plus(delay);
        while (true) {
            try {
                pause.pause(delay);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                delay = Duration.between(Instant.now(), end);
                if (delay.isNegative() || delay.isZero()) {
                    return true;
                }
            }
        }
    }
}
