package dev.sseetl.servlet;

import dev.sseetl.EtlEngine;
import dev.sseetl.Phase;
import dev.sseetl.spi.Subscription;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servlet's open progress streams ({@link SseStream}) and what they share: one heartbeat thread that pings the
 * idle ones, two writer threads for any number of streams (writes never block), and the frame cache. Closing it
 * ends every stream.
 */
final class ProgressStreams implements AutoCloseable {
    /** Response buffer of a progress stream: a frame is a few hundred bytes; kept for as long as the stream is open. */
    static final int SSE_BUFFER_BYTES = 4096;

    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final ProgressFrames frames;
    private final EtlServletOptions options;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("sse-etl-heartbeat"));
    // Writes are non-blocking, so two threads serve any number of streams.
    private final ExecutorService writers = Executors.newFixedThreadPool(2, daemon("sse-etl-writer"));

    ProgressStreams(EtlServletOptions options, ProgressFrames frames) {
        this.options = options;
        this.frames = frames;
        long every = Math.max(10, options.heartbeatInterval().toMillis() / 2);
        long idle = options.heartbeatInterval().toNanos();
        heartbeat.scheduleAtFixedRate(() -> {
            for (SseStream s : streams) {
                s.heartbeatIfIdle(idle);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The number of streams open right now. */
    int size() {
        return streams.size();
    }

    /** Answers the request with a stream of the import's progress in {@code phase}; 404 at once for an unknown id. */
    void open(EtlEngine engine, Call call, String importId, Phase phase) throws IOException {
        HttpServletRequest req = call.request();
        HttpServletResponse resp = call.response();
        engine.progress(importId, call.owner(), phase); // 404 at once for an unknown or foreign id
        resp.setStatus(200);
        resp.setContentType("text/event-stream; charset=UTF-8");
        // Each open stream keeps its response buffer (Jetty: 32 KiB of direct memory by default) for as long as it
        // is open; frames are a few hundred bytes, so a small one lets thousands of streams fit in a small heap.
        resp.setBufferSize(SSE_BUFFER_BYTES);
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        AsyncContext context = req.startAsync();
        context.setTimeout(options.sseTimeout().toMillis());
        SseStream stream = new SseStream(context, resp.getOutputStream(), options.retry().toMillis(), writers, frames,
                streams::remove);
        context.addListener(stream);
        streams.add(stream);
        resp.getOutputStream().setWriteListener(stream); // writes the retry line as soon as the socket is ready
        try {
            Subscription subscription = engine.subscribe(importId, call.owner(), phase, stream);
            stream.subscribed(subscription);
        } catch (RuntimeException e) {
            // Discarded between the check and the subscription: end the stream instead of leaving it idle.
            stream.close();
        }
    }

    /** Stops the heartbeat and the writers and ends every open stream. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        writers.shutdown();
        for (SseStream s : streams) {
            s.close();
        }
    }
}
