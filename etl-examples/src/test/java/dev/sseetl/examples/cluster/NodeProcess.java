package dev.sseetl.examples.cluster;

import dev.sseetl.examples.DemoServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ClusterNode} in a child JVM on this JVM's class path, for fault tests that kill a node for real. Its output
 * is read on a thread of its own (the last lines are kept for failure messages); every wait is bounded.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a node on the database at {@code jdbcUrl} with tables named {@code prefix...} and its own work folder,
     * and waits until it serves.
     *
     * @throws IllegalStateException when it ends or stays silent for a minute, with its last output
     */
    public static NodeProcess start(String name, String jdbcUrl, String prefix, Path workFolder) {
        return start(name, jdbcUrl, prefix, workFolder, List.of());
    }

    /** {@link #start(String, String, String, Path)} with more {@link ClusterNode} options ({@code --slow-ms 200}). */
    public static NodeProcess start(String name, String jdbcUrl, String prefix, Path workFolder, List<String> options) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath(), ClusterNode.class.getName(),
                "--db", jdbcUrl, "--prefix", prefix, "--work", workFolder.toString()));
        command.addAll(options);
        NodeProcess node;
        try {
            node = new NodeProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Node " + name + " could not be started", e);
        }
        node.awaitReady();
        return node;
    }

    /** Surefire's test class path when run by Maven (its own {@code java.class.path} is a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith(ClusterNode.READY)) {
                    ready.complete(Integer.parseInt(line.substring(ClusterNode.READY.length()).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the node is gone (or printed nonsense): the wait below says so
        }
        ready.completeExceptionally(new IllegalStateException("node " + name + " ended before it was ready"));
    }

    private void awaitReady() {
        try {
            ready.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Node " + name + " did not start within " + START_WAIT.toSeconds()
                    + " s; its last output: " + lastOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while node " + name + " started", e);
        }
    }

    /** The node's HTTP port. */
    public int port() {
        return ready.join();
    }

    /** The base of the import routes, e.g. {@code http://127.0.0.1:PORT/api/etl/}. */
    public URI api() {
        return URI.create("http://127.0.0.1:" + port() + DemoServer.API_PATH + "/");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the node at once (SIGKILL: no shutdown hook runs) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the node gracefully (SIGTERM: the shutdown hook closes the engine), killing it if that takes too long. */
    public void stop() {
        process.destroy();
        if (!awaitExit()) {
            kill();
        }
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The node's last lines of output, joined with {@code |}. */
    public String lastOutput() {
        synchronized (tail) {
            return String.join(" | ", tail);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
