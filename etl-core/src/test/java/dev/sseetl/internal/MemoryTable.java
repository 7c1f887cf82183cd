package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A commit target for tests that behaves like a transactional table keyed by its first value: in VALID_ROWS each
 * write is applied whole or not at all; in ALL_OR_NOTHING writes are held until {@code complete()}, and dropped by a
 * close without it. It can refuse one source row, and hold one chunk until released.
 */
final class MemoryTable implements CommitTarget {
    final Map<Object, List<Object>> rows = new LinkedHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final CountDownLatch heldChunkEntered = new CountDownLatch(1);
    final CountDownLatch releaseHeldChunk = new CountDownLatch(1);
    private volatile long refusedRow = -1;
    private volatile int heldChunk = -1;

    /** Makes the target refuse this source row, as a database refuses a constraint violation. */
    MemoryTable refusing(long row) {
        this.refusedRow = row;
        return this;
    }

    /** Makes the n-th write (from 1) wait until {@link #releaseHeldChunk} counts down. */
    MemoryTable holding(int chunk) {
        this.heldChunk = chunk;
        return this;
    }

    synchronized int size() {
        return rows.size();
    }

    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        opened.incrementAndGet();
        return new CommitSession() {
            private final Map<Object, List<Object>> pending = new LinkedHashMap<>();
            private int writes;

            @Override
            public ChunkResult write(List<StagedRow> chunk) {
                writes++;
                if (writes == heldChunk) {
                    heldChunkEntered.countDown();
                    try {
                        releaseHeldChunk.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (StagedRow row : chunk) {
                    if (row.row() == refusedRow) {
                        throw new CommitFailure(row.row(), "duplicate key value violates unique constraint", null);
                    }
                }
                long inserted = 0;
                long updated = 0;
                synchronized (MemoryTable.this) {
                    for (StagedRow row : chunk) {
                        Object key = row.values().get(1);
                        boolean exists = rows.containsKey(key) || pending.containsKey(key);
                        if (exists) {
                            updated++;
                        } else {
                            inserted++;
                        }
                        (mode == CommitMode.VALID_ROWS ? rows : pending).put(key, row.values());
                    }
                }
                return new ChunkResult(inserted, updated);
            }

            @Override
            public void complete() {
                completed.incrementAndGet();
                synchronized (MemoryTable.this) {
                    rows.putAll(pending);
                }
                pending.clear();
            }

            @Override
            public void close() {
                closed.incrementAndGet();
                pending.clear();
            }
        };
    }

}
