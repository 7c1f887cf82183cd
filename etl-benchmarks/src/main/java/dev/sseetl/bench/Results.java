package dev.sseetl.bench;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a stage run in a child JVM hands its figures back: one line {@code RESULT {json}} on standard output. Every
 * other output line is the child's log.
 */
final class Results {
    static final String PREFIX = "RESULT ";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Results() {
    }

    /** Prints the figures as the result line and flushes. */
    static void emit(Map<String, Object> figures) {
        System.out.println(PREFIX + JSON.writeValueAsString(figures));
        System.out.flush();
    }

    /** The figures of a result line, or null when the line is log output. */
    static Map<String, Object> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        return JSON.readValue(line.substring(PREFIX.length()), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /** A number of a result map (results carry numbers as Integer, Long or Double). */
    static double number(Map<String, Object> result, String key) {
        Object v = result.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("result has no number '" + key + "': " + result);
        }
        return n.doubleValue();
    }

    /** Rounds to one decimal, for MiB and seconds in results. */
    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Rounds to three decimals. */
    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
