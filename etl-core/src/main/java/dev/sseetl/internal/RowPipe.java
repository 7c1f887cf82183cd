package dev.sseetl.internal;

import dev.sseetl.read.RowReader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads one file's data rows on a thread of its own ({@code sse-etl-read-<importId>}, a daemon) while the buffering
 * job validates and stages the rows read before, so parsing and validating use both cores. Rows come in file order in
 * batches through a small bounded queue ({@value #BATCH} rows a batch, at most {@value #QUEUED} batches waiting), so
 * at most a few thousand rows are in memory at once whatever the file's size. A failure of the reader (an
 * {@link dev.sseetl.ImportException} naming a line or a limit, or anything else) reaches the job from {@link #next} after
 * every row read before it, as the very exception the reader threw. {@link #close()} stops the thread and waits for
 * it, so no thread outlives the pipe; the reader itself is closed by whoever opened it, after the pipe.
 * <p>
 * The reader is used by the pipe's thread only between {@link #start} and {@link #close()} (the header is read before).
 */
final class RowPipe implements AutoCloseable {
    static final int BATCH = 512;
    static final int QUEUED = 4;
    private static final long POLL_MILLIS = 100;

    /** One hand-over: rows in file order and the reader's row estimate after them, or the reader's failure. */
    record Batch(List<RowReader.SourceRow> rows, long estimatedRows, Throwable failure) {
    }

    private static final Batch END = new Batch(List.of(), -1, null);

    private final RowReader reader;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile boolean stopped;
    private boolean ended;

    private RowPipe(RowReader reader, String importId) {
        this.reader = reader;
        this.thread = new Thread(JobLogContext.inheriting(this::read), "sse-etl-read-" + importId);
        thread.setDaemon(true);
    }

    /** Starts reading the data rows of {@code reader} (its header already read) on a new daemon thread. */
    static RowPipe start(RowReader reader, String importId) {
        RowPipe pipe = new RowPipe(reader, importId);
        pipe.thread.start();
        return pipe;
    }

    /**
     * The next batch of rows (never empty), or null at the end of the file or once {@code cancelled} says so (asked
     * about every {@value #POLL_MILLIS} ms while waiting, and when the job's thread is interrupted).
     *
     * @throws RuntimeException the reader's own exception, after every row read before it was handed over
     * @throws Error            the reader's own error
     */
    Batch next(BooleanSupplier cancelled) {
        while (!ended) {
            Batch batch;
            try {
                batch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the job's cancel interrupts; the job clears it once it stops
                return stopWhenCancelled(cancelled);
            }
            if (batch == null) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                continue;
            }
            if (batch == END) {
                ended = true;
                return null;
            }
            if (batch.failure() != null) {
                ended = true;
                if (batch.failure() instanceof RuntimeException e) {
                    throw e;
                }
                if (batch.failure() instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(batch.failure());
            }
            return batch;
        }
        return null;
    }

    private static Batch stopWhenCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            return null;
        }
        throw new IllegalStateException("The buffering thread was interrupted without a cancel");
    }

    /** Stops the reading thread and waits until it has ended; safe to call more than once. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        List<RowReader.SourceRow> rows = new ArrayList<>(BATCH);
        try {
            RowReader.SourceRow row;
            while (!stopped && (row = reader.next()) != null) {
                rows.add(row);
                if (rows.size() == BATCH) {
                    hand(new Batch(rows, reader.estimatedRows(), null));
                    rows = new ArrayList<>(BATCH);
                }
            }
            if (!rows.isEmpty()) {
                hand(new Batch(rows, reader.estimatedRows(), null));
            }
            hand(END);
        } catch (Stopped e) {
            // the job no longer wants rows
        } catch (Throwable t) {
            if (stopped) {
                return; // an interrupted read while stopping is no failure of the file
            }
            try {
                if (!rows.isEmpty()) {
                    hand(new Batch(rows, -1, null));
                }
                hand(new Batch(List.of(), -1, t));
            } catch (Stopped e) {
                // the job no longer wants rows
            }
        }
    }

    /** Queues one batch, waiting while the queue is full; gives up once the pipe is stopped. */
    private void hand(Batch batch) {
        try {
            while (!queue.offer(batch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    /** Thrown inside the reading thread to unwind it once the pipe is stopped. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
