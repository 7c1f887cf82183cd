package dev.sseetl.servlet;

import dev.sseetl.ProgressSnapshot;
import dev.sseetl.sse.ProgressEvents;
import dev.sseetl.sse.SseFrames;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Renders each progress change once for all the streams that follow it: a change reaching 10,000 streams is
 * serialised once, and every stream writes the same bytes. A small direct-mapped table of the latest frame per
 * import and phase; a collision only costs a second rendering. Thread-safe.
 */
final class ProgressFrames {
    private static final int SLOTS = 256; // a power of two

    private final AtomicReferenceArray<Frame> slots = new AtomicReferenceArray<>(SLOTS);
    private final LongAdder renderings = new LongAdder();

    /** The frame of this snapshot, rendered by the first caller and shared with every later one. */
    Frame of(ProgressSnapshot snapshot) {
        int i = (snapshot.importId().hashCode() * 31 + snapshot.phase().ordinal()) & (SLOTS - 1);
        Frame frame = slots.get(i);
        while (frame == null || !frame.isOf(snapshot)) {
            Frame mine = new Frame(snapshot);
            if (slots.compareAndSet(i, frame, mine)) {
                frame = mine;
            } else {
                frame = slots.get(i);
            }
        }
        frame.render(renderings);
        return frame;
    }

    /** How many snapshots were serialised so far (for tests). */
    long renderings() {
        return renderings.sum();
    }

    /** One snapshot's JSON (to drop repeats) and its complete SSE frame as UTF-8 bytes (never modified). */
    static final class Frame {
        private final ProgressSnapshot snapshot;
        private String data;
        private byte[] bytes;

        private Frame(ProgressSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        private boolean isOf(ProgressSnapshot s) {
            return s == snapshot || (s.version() == snapshot.version() && s.phase() == snapshot.phase()
                    && s.importId().equals(snapshot.importId()) && s.equals(snapshot));
        }

        private synchronized void render(LongAdder renderings) {
            if (bytes == null) {
                data = ProgressEvents.json(snapshot);
                bytes = SseFrames.event(Long.toString(snapshot.version()), ProgressEvents.EVENT_NAME, data)
                        .getBytes(StandardCharsets.UTF_8);
                renderings.increment();
            }
        }

        synchronized String data() {
            return data;
        }

        synchronized byte[] bytes() {
            return bytes;
        }
    }
}
