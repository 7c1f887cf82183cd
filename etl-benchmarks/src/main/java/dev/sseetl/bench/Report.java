package dev.sseetl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: a table of measured lines, the goals judged met or missed, the environment, the
 * raw stage results, and every stage that failed. Printed as text, written as Markdown and JSON.
 */
public final class Report {
    /**
     * One measured line.
     *
     * @param figure  which of the five figures (1 buffering ... 5 streams)
     * @param what    what was measured
     * @param rows    rows handled, or null
     * @param seconds wall time, or null
     * @param rate    rows per second, or null
     * @param heap    heap figures, or null
     * @param versus  the comparison with the baseline of this figure, or null
     */
    public record Line(String figure, String what, Long rows, Double seconds, Long rate, String heap, String versus) {
    }

    /**
     * One goal of the issue.
     *
     * @param goal     the goal as the issue states it
     * @param measured what this run measured
     * @param met      true when met, false when missed, null when not measured
     * @param margin   by how much it was met or missed
     */
    public record Goal(String goal, String measured, Boolean met, String margin) {
    }

    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    Map<String, Object> environment() {
        return environment;
    }

    void line(String figure, String what, Long rows, Double seconds, Long rate, String heap, String versus) {
        lines.add(new Line(figure, what, rows, seconds, rate, heap, versus));
    }

    void goal(String goal, String measured, Boolean met, String margin) {
        goals.add(new Goal(goal, measured, met, margin));
    }

    void result(String stage, Map<String, Object> result) {
        results.put(stage, result);
    }

    void error(String stage, Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        errors.put(stage, message.length() > 2000 ? message.substring(0, 2000) + "..." : message);
    }

    /** The measured lines, in order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The goals, in the order. */
    public List<Goal> goals() {
        return List.copyOf(goals);
    }

    /** Raw figures of every stage that ran, by stage name. */
    public Map<String, Map<String, Object>> results() {
        return Map.copyOf(results);
    }

    /** Stages that failed, with their error. */
    public Map<String, String> errors() {
        return Map.copyOf(errors);
    }

    /** The whole report as Markdown: environment, table, goals, errors. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| | |\n|---|---|\n");
        environment.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(String.valueOf(v))).append(" |\n"));
        md.append("\n| figure | measured | rows | time (s) | rows/s | heap (MiB, peak used / max live after GC) | versus baseline |\n")
                .append("|---|---|---:|---:|---:|---|---|\n");
        for (Line l : lines) {
            md.append("| ").append(l.figure()).append(" | ").append(cell(l.what())).append(" | ")
                    .append(l.rows() == null ? "" : String.format(Locale.ROOT, "%,d", l.rows())).append(" | ")
                    .append(l.seconds() == null ? "" : String.format(Locale.ROOT, "%.2f", l.seconds())).append(" | ")
                    .append(l.rate() == null ? "" : String.format(Locale.ROOT, "%,d", l.rate())).append(" | ")
                    .append(l.heap() == null ? "" : cell(l.heap())).append(" | ")
                    .append(l.versus() == null ? "" : cell(l.versus())).append(" |\n");
        }
        md.append("\n| goal | measured | met? | margin |\n|---|---|---|---|\n");
        for (Goal g : goals) {
            md.append("| ").append(cell(g.goal())).append(" | ").append(cell(g.measured())).append(" | ")
                    .append(g.met() == null ? "not measured" : g.met() ? "**met**" : "**missed**").append(" | ")
                    .append(cell(g.margin())).append(" |\n");
        }
        if (!errors.isEmpty()) {
            md.append("\nStages that failed:\n\n");
            errors.forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v.replace('\n', ' ')).append('\n'));
        }
        return md.toString();
    }

    /** The whole report as JSON. */
    public String json() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("environment", environment);
        all.put("lines", lines);
        all.put("goals", goals);
        all.put("results", results);
        all.put("errors", errors);
        return Results.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all);
    }

    /** Writes {@code bench-results.md} and {@code bench-results.json} into {@code dir}. */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("bench-results.md"), markdown());
            Files.writeString(dir.resolve("bench-results.json"), json());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the results into " + dir, e);
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
