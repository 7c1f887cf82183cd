package dev.sseetl.examples.cluster;

import dev.sseetl.CommitMode;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.Checkpoint;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.CommitTarget;

import java.util.List;

/** A real target that pauses before each chunk, so that a fault test's kill or cut lands in the middle of a commit. */
final class SlowTarget implements CommitTarget {
    private final CommitTarget target;
    private final long pauseMillis;

    SlowTarget(CommitTarget target, long pauseMillis) {
        this.target = target;
        this.pauseMillis = pauseMillis;
    }

    @Override
    public CommitSession open(Schema schema, CommitMode mode) {
        CommitSession session = target.open(schema, mode);
        return new CommitSession() {
            @Override
            public ChunkResult write(List<StagedRow> rows) {
                pause();
                return session.write(rows);
            }

            @Override
            public ChunkResult write(ChunkKey key, List<StagedRow> rows) {
                pause();
                return session.write(key, rows);
            }

            @Override
            public void complete() {
                session.complete();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    @Override
    public Checkpoint committed(String importId) {
        return target.committed(importId);
    }

    private void pause() {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
