package dev.sseetl.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events: the methods most often on top of the stack (self
 * time) and most often anywhere on it (total time), as the text {@code jfr print --events jdk.ExecutionSample} would
 * need a script for. Usage: {@code java -cp etl-benchmarks-bench.jar dev.sseetl.bench.JfrTop FILE.jfr [N]}.
 */
public final class JfrTop {
    private JfrTop() {
    }

    /** Prints the top N (default 15) frames of the recording. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        System.out.println(summary(Path.of(args[0]), n));
    }

    /** The top {@code n} methods by self samples and by total samples, as text. */
    static String summary(Path recording, int n) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().map(JfrTop::name).distinct().forEach(f -> total.merge(f, 1, Integer::sum));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(recording.getFileName()).append(": ").append(samples).append(" execution samples\n");
        sb.append("  self (top of stack):\n");
        top(sb, self, samples, n);
        sb.append("  total (anywhere on the stack):\n");
        top(sb, total, samples, n);
        return sb.toString();
    }

    private static void top(StringBuilder sb, Map<String, Integer> counts, int samples, int n) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(n)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
