package dev.sseetl.examples.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of the demo that plays a bad network for the buffering progress stream
 * ({@code GET .../buffer-progress/...}); every other byte passes unchanged.
 */
final class StreamDroppingProxy implements AutoCloseable {
    /** What the proxy does to buffering progress streams. */
    enum Mode {
        /** Cuts the first stream right after it delivered a {@code Processing} event; later ones pass. */
        DROP_FIRST,
        /** Answers every stream request with 503, as a proxy that does not allow streaming would. */
        REFUSE,
        /** Forwards the request but never a byte of the answer: the page waits in the buffering stage. */
        HOLD
    }

    private static final String STREAM_REQUEST = "GET /api/etl/buffer-progress/";
    private static final Pattern PROCESSING = Pattern.compile("\"status\"\\s*:\\s*\"Processing\"");
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Mode mode;
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    StreamDroppingProxy(URI upstream, Mode mode) throws IOException {
        this.mode = mode;
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "stream-dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** True once the proxy has cut a buffering stream in the middle. */
    boolean droppedAStream() {
        return dropped.get();
    }

    /** How many buffering progress streams the browser asked for through the proxy. */
    int streamsOpened() {
        return streamsOpened.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                sockets.add(client);
                sockets.add(target);
                AtomicBoolean isStream = new AtomicBoolean();
                pump(client, target, isStream, true);
                pump(target, client, isStream, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean isStream, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (request && text.contains(STREAM_REQUEST)) {
                        isStream.set(true);
                        streamsOpened.incrementAndGet();
                        if (mode == Mode.REFUSE) {
                            from.getOutputStream().write(REFUSAL);
                            from.getOutputStream().flush();
                            break;
                        }
                    }
                    if (!request && isStream.get() && mode == Mode.HOLD) {
                        continue;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    if (!request && isStream.get() && mode == Mode.DROP_FIRST
                            && PROCESSING.matcher(text).find() && dropped.compareAndSet(false, true)) {
                        break;      // the cut: close both sides without a final event
                    }
                }
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                close(from);
                close(to);
            }
        }, "stream-dropping-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::close);
    }
}
