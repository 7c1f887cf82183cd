package dev.sseetl.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's heap and thread count every few milliseconds, and records the heap left after each garbage
 * collection (the live set). Two peaks are kept: the highest heap in use (garbage included, bounded by -Xmx) and
 * the highest live heap after a collection (what the work really holds).
 */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxLive = new AtomicLong();
    private final AtomicLong maxThreads = new AtomicLong();
    private final Thread sampler;
    private final NotificationListener gcListener;
    private volatile boolean running = true;

    HeapSampler() {
        gcListener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            max(maxLive, heapAfterGc(info));
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                max(maxUsed, memory.getHeapMemoryUsage().getUsed());
                max(maxThreads, threads.getThreadCount());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static long heapAfterGc(GarbageCollectionNotificationInfo info) {
        long sum = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            String pool = e.getKey();
            // heap pools of G1, Parallel, Serial; non-heap (Metaspace, CodeHeap, Compressed Class Space) left out
            if (pool.contains("Eden") || pool.contains("Survivor") || pool.contains("Old") || pool.contains("Tenured")
                    || pool.contains("Humongous")) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private static void max(AtomicLong holder, long value) {
        holder.accumulateAndGet(value, Math::max);
    }

    /** Starts a new measurement window (after a full collection, so the window starts from the live set). */
    void reset() {
        System.gc();
        maxUsed.set(memory.getHeapMemoryUsage().getUsed());
        maxLive.set(0);
        maxThreads.set(threads.getThreadCount());
    }

    /** Highest heap in use since the last reset, in MiB. */
    double maxUsedMiB() {
        max(maxUsed, memory.getHeapMemoryUsage().getUsed());
        return maxUsed.get() / 1048576.0;
    }

    /** Highest heap left after a collection since the last reset, in MiB (0 when no collection ran). */
    double maxLiveMiB() {
        return maxLive.get() / 1048576.0;
    }

    /** Most live threads since the last reset. */
    long maxThreads() {
        max(maxThreads, threads.getThreadCount());
        return maxThreads.get();
    }

    /** Live threads right now. */
    int threadsNow() {
        return threads.getThreadCount();
    }

    /** Heap in use right now, in MiB. */
    double usedNowMiB() {
        return memory.getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** The -Xmx of this JVM in MiB. */
    double maxHeapMiB() {
        return memory.getHeapMemoryUsage().getMax() / 1048576.0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(gcListener);
                } catch (Exception ignored) {
                    // not registered: nothing to remove
                }
            }
        }
    }
}
