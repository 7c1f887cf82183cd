package dev.sseetl.examples.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server (PostgreSQL in the fault tests) that plays a broken network: every byte
 * passes unchanged until {@link #cutAll()} closes every open connection at once, and while {@link #pause() paused} each
 * new connection is closed as soon as it arrives, as a database that is down would refuse it.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean paused;
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port forwarding to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy could not listen on loopback", e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections open now (each counted once, not per direction). */
    public int openConnections() {
        return sockets.size() / 2;
    }

    /** Closes every open connection, both ends, at once; new connections are accepted unless paused. */
    public void cutAll() {
        for (Socket socket : List.copyOf(sockets)) {
            closeQuietly(socket);
        }
    }

    /** From now on every new connection is closed at once (open ones stay). */
    public void pause() {
        paused = true;
    }

    /** New connections pass again. */
    public void resume() {
        paused = false;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cutAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (paused) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to} on a thread of its own; when either side ends, both are closed. */
    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException e) {
                // cut or closed by the other side
            } catch (IOException e) {
                // the same: the connection is gone
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void closeQuietly(java.io.Closeable socket) {
        if (socket instanceof Socket s) {
            sockets.remove(s);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
