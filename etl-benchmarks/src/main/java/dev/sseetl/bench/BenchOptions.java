package dev.sseetl.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run does.
 *
 * @param rows         data rows in the generated CSV and XLSX
 * @param streams      concurrent SSE connections in the progress-stream test
 * @param pgUrl        JDBC URL of the PostgreSQL that rows go to
 * @param outDir       where results (Markdown, JSON, JFR recordings) are written
 * @param dataDir      where generated files are cached
 * @param childHeap    -Xmx of every measured child JVM (engine, readers, Spring Batch, server)
 * @param jfr          record every child with Java Flight Recorder into {@code outDir}
 * @param verbose      echo the children's output
 * @param stageTimeout longest time one stage may take
 * @param command      the command line, as printed in the report
 * @param dataOnly     only generate (or find) the data files, measure nothing
 * @param inProcess    run the stages in this JVM instead of one child JVM each (quick mode: saves the JVM starts;
 *                     heap figures then describe this JVM, not a -Xmx256m child); the server is always a child
 * @param serverThreads most threads of the server's Jetty pool (Jetty's default: 200)
 * @param only         names of the stages to run (empty: all): csv-bare, rowreader-csv, fastexcel-xlsx,
 *                     rowreader-xlsx, import-csv, import-xlsx, copy, spring-batch, psql-copy, http-import, streams
 */
public record BenchOptions(long rows, int streams, String pgUrl, Path outDir, Path dataDir, String childHeap,
                           boolean jfr, boolean verbose, Duration stageTimeout, String command, boolean dataOnly,
                           boolean inProcess, int serverThreads, java.util.Set<String> only) {

    /** True when this run includes the named stage. */
    public boolean runs(String stage) {
        return only.isEmpty() || only.contains(stage);
    }


    static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** The quick mode CI runs: 10,000 rows, 200 streams. */
    public static BenchOptions quick(Path outDir, String pgUrl) {
        return new BenchOptions(10_000, 200, pgUrl, outDir, outDir.resolve("data"), "256m", false, false,
                Duration.ofMinutes(5), "BenchmarksQuickTest (--rows 10000 --streams 200)", false, true, 200, java.util.Set.of());
    }

    /**
     * Parses {@code --rows N --streams N --pg URL --out DIR --data DIR --child-heap SIZE --jfr --verbose --quick
     * --data-only --in-process --server-threads N
     * --only STAGE,...}.
     */
    public static BenchOptions parse(String[] args, Path defaultOut) {
        long rows = 1_000_000;
        int streams = 10_000;
        String pg = System.getenv().getOrDefault("ETL_TEST_PG_URL", DEFAULT_PG);
        Path out = defaultOut;
        Path data = null;
        String heap = "256m";
        boolean jfr = false;
        boolean verbose = false;
        boolean dataOnly = false;
        boolean inProcess = false;
        java.util.Set<String> only = java.util.Set.of();
        int serverThreads = 200;
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String a = list.get(i);
            switch (a) {
                case "--rows" -> rows = Long.parseLong(list.get(++i).replace("_", ""));
                case "--streams" -> streams = Integer.parseInt(list.get(++i).replace("_", ""));
                case "--pg" -> pg = list.get(++i);
                case "--out" -> out = Path.of(list.get(++i));
                case "--data" -> data = Path.of(list.get(++i));
                case "--child-heap" -> heap = list.get(++i);
                case "--jfr" -> jfr = true;
                case "--verbose" -> verbose = true;
                case "--data-only" -> dataOnly = true;
                case "--in-process" -> inProcess = true;
                case "--server-threads" -> serverThreads = Integer.parseInt(list.get(++i));
                case "--only" -> only = java.util.Set.of(list.get(++i).split(","));
                case "--quick" -> {
                    rows = 10_000;
                    streams = 200;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "; options: --rows N --streams N"
                        + " --pg JDBC_URL --out DIR --data DIR --child-heap 256m --jfr --verbose --quick --data-only --in-process --server-threads N --only STAGE,STAGE");
            }
        }
        if (rows < 100) {
            throw new IllegalArgumentException("--rows must be at least 100, got " + rows);
        }
        if (streams < 1) {
            throw new IllegalArgumentException("--streams must be at least 1, got " + streams);
        }
        return new BenchOptions(rows, streams, pg, out, data == null ? out.resolve("data") : data, heap, jfr, verbose,
                Duration.ofMinutes(30), "java -jar etl-benchmarks/target/etl-benchmarks-bench.jar " + String.join(" ", args),
                dataOnly, inProcess, serverThreads, only);
    }
}
