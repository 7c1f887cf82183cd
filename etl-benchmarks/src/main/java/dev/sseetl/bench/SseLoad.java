package dev.sseetl.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded SSE load generator: opens N concurrent {@code text/event-stream} connections to one loopback server with
 * two threads and non-blocking sockets, notes when each event arrives at each client ({@link System#nanoTime()}, the
 * system's monotonic clock, comparable between JVMs of one machine), and stops by itself: connecting, waiting and
 * closing all have deadlines. It speaks HTTP/1.1 (chunked or not) and keeps no more than a few hundred connections
 * half-open at a time.
 */
final class SseLoad implements AutoCloseable {
    private static final int LOOPS = 2;
    private static final int MAX_PENDING_PER_LOOP = 200;

    private final InetSocketAddress address;
    private final byte[] request;
    private final int streams;
    private final List<Loop> loops = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private volatile boolean stop;

    private SseLoad(String host, int port, String path, int streams) {
        this.address = new InetSocketAddress(host, port);
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.streams = streams;
    }

    /**
     * Opens {@code streams} connections to {@code path} and returns once every one has received its first event, or
     * fails when that takes longer than {@code timeout} (closing everything).
     */
    static SseLoad open(String host, int port, String path, int streams, Duration timeout) throws IOException {
        SseLoad load = new SseLoad(host, port, path, streams);
        load.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (load.ready.get() + load.failed.get() < streams) {
            if (System.nanoTime() > deadline) {
                int ok = load.ready.get();
                load.close();
                throw new IllegalStateException("only " + ok + " of " + streams + " streams received their first event"
                        + " within " + timeout + " (" + load.stateCounts() + "); " + load.failed.get() + " failed: "
                        + load.firstErrors());
            }
            sleep(20);
        }
        if (load.failed.get() > 0) {
            load.close();
            throw new IllegalStateException(load.failed.get() + " of " + streams + " streams failed: " + load.firstErrors());
        }
        return load;
    }

    private void start() throws IOException {
        for (int i = 0; i < LOOPS; i++) {
            int share = streams / LOOPS + (i < streams % LOOPS ? 1 : 0);
            Loop loop = new Loop(share);
            loops.add(loop);
            Thread t = new Thread(loop, "sse-load-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits until every stream has seen a final status (or was closed by the server), at most {@code timeout}. */
    boolean awaitFinished(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished.get() + failed.get() < streams) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    int finishedCount() {
        return finished.get();
    }

    int failedCount() {
        return failed.get();
    }

    /** How many clients got how far: opened, TCP connected, response headers read, first event read. */
    String stateCounts() {
        int opened = 0;
        int connected = 0;
        int headers = 0;
        int events = 0;
        for (Loop loop : loops) {
            for (Client c : loop.clients) {
                if (c != null) {
                    opened++;
                    connected += c.connected ? 1 : 0;
                    headers += c.inBody ? 1 : 0;
                    events += c.events > 0 ? 1 : 0;
                }
            }
        }
        return opened + " opened, " + connected + " connected, " + headers + " with response headers, " + events
                + " with an event";
    }

    String firstErrors() {
        return String.join("; ", errors.stream().limit(3).toList());
    }

    /**
     * Delays from each server-side change (version to nanoTime) to its arrival at each client, in nanoseconds,
     * sorted. Versions the server did not report (the snapshot sent on connecting) are left out.
     */
    long[] delays(Map<Long, Long> changeTimes) {
        long[] out = new long[1024];
        int n = 0;
        for (Loop loop : loops) {
            for (Client c : loop.clients) {
                if (c == null) {
                    continue;
                }
                for (int i = 0; i < c.events; i++) {
                    Long changed = changeTimes.get(c.versions[i]);
                    if (changed != null) {
                        if (n == out.length) {
                            out = Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = c.arrivals[i] - changed;
                    }
                }
            }
        }
        long[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public void close() {
        stop = true;
        for (Loop loop : loops) {
            loop.selector.wakeup();
        }
        for (Loop loop : loops) {
            loop.awaitClosed();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One selector thread with its share of the clients. */
    private final class Loop implements Runnable {
        final Selector selector;
        final Client[] clients;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        private final byte[] bytes = new byte[1 << 16];
        private int opened;
        private int pending;
        private volatile boolean closed;

        Loop(int share) throws IOException {
            this.selector = Selector.open();
            this.clients = new Client[share];
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    while (opened < clients.length && pending < MAX_PENDING_PER_LOOP) {
                        connect(opened++);
                    }
                    selector.select(50);
                    long now = System.nanoTime();
                    for (SelectionKey key : selector.selectedKeys()) {
                        handle(key, now);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                errors.add("selector failed: " + e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                closed = true;
            }
        }

        void awaitClosed() {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!closed && System.nanoTime() < deadline) {
                sleep(10);
            }
        }

        private void connect(int index) {
            Client c = new Client();
            clients[index] = c;
            pending++;
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
                c.channel = ch;
                if (ch.connect(address)) {
                    c.connected = true;
                    ch.write(ByteBuffer.wrap(request));
                    ch.register(selector, SelectionKey.OP_READ, c);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                fail(c, "connect: " + e);
            }
        }

        private void handle(SelectionKey key, long now) {
            Client c = (Client) key.attachment();
            try {
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    c.connected = true;
                    ByteBuffer req = ByteBuffer.wrap(request);
                    while (req.hasRemaining()) {
                        c.channel.write(req);
                    }
                    key.interestOps(SelectionKey.OP_READ);
                    return;
                }
                if (key.isReadable()) {
                    buffer.clear();
                    int n = c.channel.read(buffer);
                    if (n < 0) {
                        end(c, key);
                        return;
                    }
                    buffer.flip();
                    buffer.get(bytes, 0, n);
                    boolean wasReady = c.events > 0;
                    c.feed(bytes, n, now);
                    if (c.error != null) {
                        fail(c, c.error);
                        key.cancel();
                        c.channel.close();
                        return;
                    }
                    if (!wasReady && c.events > 0) {
                        pending--;
                        ready.incrementAndGet();
                    }
                    if (c.done) {
                        end(c, key);
                    }
                }
            } catch (IOException e) {
                fail(c, "io: " + e);
                key.cancel();
                try {
                    c.channel.close();
                } catch (IOException ignored) {
                    // already failed
                }
            }
        }

        private void end(Client c, SelectionKey key) throws IOException {
            key.cancel();
            c.channel.close();
            if (c.events == 0) {
                fail(c, "closed before the first event (HTTP " + c.status + ")");
            } else if (!c.counted) {
                c.counted = true;
                finished.incrementAndGet();
            }
        }

        private void fail(Client c, String why) {
            if (!c.counted) {
                c.counted = true;
                if (c.events == 0) {
                    pending--;
                }
                failed.incrementAndGet();
                if (errors.size() < 10) {
                    errors.add(why);
                }
            }
        }
    }

    /** One stream: HTTP response parsing (status, headers, chunked body) and SSE event parsing. */
    static final class Client {
        SocketChannel channel;
        volatile boolean connected;
        int status;
        String error;
        boolean done;
        boolean counted;
        int events;
        long[] versions = new long[8];
        long[] arrivals = new long[8];

        private final StringBuilder head = new StringBuilder();
        private volatile boolean inBody;
        private boolean chunked;
        private int chunkState; // 0 size line, 1 data, 2 CRLF after data
        private long chunkLeft;
        private final StringBuilder sizeLine = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private long id = -1;
        private boolean hasData;
        private boolean finalStatus;

        void feed(byte[] b, int n, long now) {
            int i = 0;
            if (!inBody) {
                while (i < n && !inBody) {
                    head.append((char) (b[i++] & 0xff));
                    int len = head.length();
                    if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                            && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                        inBody = true;
                        String h = head.toString();
                        status = Integer.parseInt(h.substring(9, 12));
                        chunked = h.toLowerCase().contains("transfer-encoding: chunked");
                        if (status != 200) {
                            error = "HTTP " + status + ": " + h.lines().findFirst().orElse("");
                            return;
                        }
                    }
                }
            }
            if (!chunked) {
                sse(b, i, n, now);
                return;
            }
            while (i < n) {
                if (chunkState == 0) {
                    char ch = (char) (b[i++] & 0xff);
                    if (ch == '\n') {
                        String size = sizeLine.toString().trim();
                        int semi = size.indexOf(';');
                        chunkLeft = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
                        sizeLine.setLength(0);
                        if (chunkLeft == 0) {
                            done = true;
                            return;
                        }
                        chunkState = 1;
                    } else if (ch != '\r') {
                        sizeLine.append(ch);
                    }
                } else if (chunkState == 1) {
                    int take = (int) Math.min(chunkLeft, n - i);
                    sse(b, i, i + take, now);
                    i += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        chunkState = 2;
                    }
                } else {
                    if (b[i++] == '\n') {
                        chunkState = 0;
                    }
                }
            }
        }

        private void sse(byte[] b, int from, int to, long now) {
            for (int i = from; i < to; i++) {
                char ch = (char) (b[i] & 0xff);
                if (ch == '\n') {
                    onLine(now);
                    line.setLength(0);
                } else if (ch != '\r') {
                    line.append(ch);
                }
            }
        }

        private void onLine(long now) {
            if (line.length() == 0) {
                if (hasData) {
                    if (events == versions.length) {
                        versions = Arrays.copyOf(versions, events * 2);
                        arrivals = Arrays.copyOf(arrivals, events * 2);
                    }
                    versions[events] = id;
                    arrivals[events] = now;
                    events++;
                    if (finalStatus) {
                        done = true;
                    }
                }
                hasData = false;
                return;
            }
            String l = line.toString();
            if (l.startsWith("id:")) {
                id = Long.parseLong(l.substring(3).trim());
            } else if (l.startsWith("data:")) {
                hasData = true;
                finalStatus = l.contains("\"status\":\"Completed\"") || l.contains("\"status\":\"Failed\"")
                        || l.contains("\"status\":\"Cancelled\"");
            }
        }
    }
}
