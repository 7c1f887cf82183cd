package dev.sseetl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one stage (or the benchmark server) on this JVM's class path, with its own heap limit and,
 * when asked, a JFR recording. Its standard output is read line by line: result lines are collected, the rest is
 * the child's log (echoed with a prefix when verbose).
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private final List<String> tail = new ArrayList<>();

    private ChildJvm(String name, Process process, boolean verbose, PrintStream log) {
        this.name = name;
        this.process = process;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (verbose && !line.startsWith("V ") || line.startsWith("Exception") || line.startsWith("ERROR")) {
                        log.println("  [" + name + "] " + line);
                    }
                    synchronized (tail) {
                        tail.add(line);
                        if (tail.size() > 40) {
                            tail.remove(0);
                        }
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
            lines.add("\u0000EOF");
        }, "child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM. */
    static ChildJvm start(BenchOptions options, String name, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + options.childHeap());
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
        if (options.jfr()) {
            Path jfr = options.outDir().resolve(name + ".jfr");
            cmd.add("-XX:+FlightRecorder");
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            return new ChildJvm(name, pb.start(), options.verbose(), System.err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM for " + name, e);
        }
    }

    /**
     * Runs one {@link Stages} stage to its end and returns its result: in a child JVM, or in this one when the
     * options say so.
     */
    static Map<String, Object> runStage(BenchOptions options, String name, String stage, List<String> args) {
        if (options.inProcess()) {
            Map<String, String> a = new java.util.LinkedHashMap<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                a.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            try {
                return Stages.run(stage, a);
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed: " + e, e);
            }
        }
        List<String> all = new ArrayList<>();
        all.add(stage);
        all.addAll(args);
        try (ChildJvm child = start(options, name, Stages.class.getName(), all)) {
            return child.awaitResult(options.stageTimeout());
        }
    }

    /** The child's class path: surefire's real test class path under Maven, else this JVM's own. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Sends one command line to the child's standard input. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("child " + name + " does not take commands any more", e);
        }
    }

    /** The next output line starting with {@code prefix} (other lines skipped), within {@code timeout}. */
    String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + ": no '" + prefix + "' within " + timeout + "; last output: " + tail());
                }
                if (line.equals("\u0000EOF")) {
                    throw new IllegalStateException(name + " ended (exit " + exitCode() + ") before '" + prefix
                            + "'; last output: " + tail());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every line starting with {@code prefix} up to (not including) the first line starting with {@code end}. */
    List<String> collectUntil(String prefix, String end, Duration timeout) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line.equals("\u0000EOF")) {
                    throw new IllegalStateException(name + ": no '" + end + "' within " + timeout + "; last output: " + tail());
                }
                if (line.startsWith(end)) {
                    return out;
                }
                if (line.startsWith(prefix)) {
                    out.add(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The child's result line, parsed. */
    Map<String, Object> awaitResult(Duration timeout) {
        return Results.parse(awaitLine(Results.PREFIX, timeout));
    }

    private String tail() {
        synchronized (tail) {
            return String.join(" | ", tail);
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The child's process id (for jcmd and the like). */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && !process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
