package dev.sseetl.bench;

import dev.sseetl.CommitMode;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark command. Generates its data, then measures in one run, each measured part in a fresh child JVM with
 * {@code -Xmx256m}: (1) buffering CSV and XLSX through the engine beside the bare readers, (2) committing the rows
 * into PostgreSQL in both modes beside a plain {@code COPY}, (3) the same CSV through a Spring Batch job, (4) an
 * import over HTTP against a running server beside {@code psql \copy}, (5) N concurrent progress streams. Prints the
 * table and writes it as Markdown and JSON.
 * <p>
 * {@code java -jar etl-benchmarks/target/etl-benchmarks-bench.jar --rows 1000000 --streams 10000}
 */
public final class Benchmarks {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private final BenchOptions o;
    private final Report report = new Report();
    private final List<String> tables = new ArrayList<>();

    private Benchmarks(BenchOptions options) {
        this.o = options;
    }

    /** Runs the benchmark with command-line options; exit code 1 when a stage failed. */
    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args, defaultOutDir());
        Report report = run(options);
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("Written to " + options.outDir().resolve("bench-results.md") + " and bench-results.json");
        System.exit(report.errors().isEmpty() ? 0 : 1);
    }

    /** Runs every stage and writes the results into {@code options.outDir()}. */
    public static Report run(BenchOptions options) {
        Benchmarks b = new Benchmarks(options);
        try {
            b.runAll();
        } finally {
            b.dropTables();
        }
        b.report.environment().put("tables (dropped after the run)", String.join(", ", b.tables));
        b.report.write(options.outDir());
        if (options.jfr()) {
            b.writeProfiles();
        }
        return b.report;
    }

    /** {@code target/bench} of this module, found from where this class was loaded. */
    static Path defaultOutDir() {
        try {
            Path here = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = here.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.resolve("bench");
            }
        } catch (Exception ignored) {
            // fall back below
        }
        return Path.of("target", "bench");
    }

    private void runAll() {
        try {
            Files.createDirectories(o.outDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not create " + o.outDir(), e);
        }
        environment();
        log("data: " + o.rows() + " rows");
        Path csv = timedData("CSV", () -> DataGenerator.csv(o.dataDir(), o.rows()));
        boolean xlsxStages = o.dataOnly() || o.runs("fastexcel-xlsx") || o.runs("rowreader-xlsx")
                || o.runs("import-xlsx"); // so --only lookup does not write a 1,000,000-row workbook first
        Path xlsx = xlsxStages ? timedData("XLSX", () -> DataGenerator.xlsx(o.dataDir(), o.rows())) : null;
        if (csv == null || (xlsxStages && xlsx == null) || o.dataOnly()) {
            return;
        }

        Map<String, Object> csvBare = stage("csv-bare", () -> ChildJvm.runStage(o, "csv-bare", "csv-bare", List.of("file=" + csv)));
        Map<String, Object> csvReader = stage("rowreader-csv", () -> ChildJvm.runStage(o, "rowreader-csv", "rowreader-bare", List.of("file=" + csv)));
        Map<String, Object> fastexcel = stage("fastexcel-xlsx", () -> ChildJvm.runStage(o, "fastexcel-xlsx", "fastexcel-bare", List.of("file=" + xlsx)));
        Map<String, Object> xlsxReader = stage("rowreader-xlsx", () -> ChildJvm.runStage(o, "rowreader-xlsx", "rowreader-bare", List.of("file=" + xlsx)));
        Map<String, Object> importCsv = stage("import-csv", () -> engineImport(csv, CommitMode.VALID_ROWS));
        Map<String, Object> importXlsx = stage("import-xlsx", () -> engineImport(xlsx, CommitMode.ALL_OR_NOTHING));
        Map<String, Object> lookup = stage("lookup", () -> lookupStage(csv));
        Map<String, Object> copy = stage("copy", () -> {
            String table = table("copy");
            return ChildJvm.runStage(o, "copy", "copy", List.of("file=" + csv, "pg=" + o.pgUrl(), "table=" + table));
        });
        Map<String, Object> springBatch = stage("spring-batch", () -> {
            String table = table("batch");
            return ChildJvm.runStage(o, "spring-batch", "spring-batch", List.of("file=" + csv, "pg=" + o.pgUrl(), "table=" + table));
        });
        Map<String, Object> psql = stage("psql-copy", () -> psqlCopy(csv));
        Map<String, Object>[] server = serverStages(csv);

        buffering(csvBare, csvReader, fastexcel, xlsxReader, importCsv, importXlsx);
        lookup(lookup);
        commit(copy, importCsv, importXlsx);
        peer(springBatch, importCsv, server[0]);
        endToEnd(server[0], psql);
        streams(server[1]);
        goals(csvBare, xlsxReader, importCsv, importXlsx, springBatch, psql, server[0], server[1]);
        report.environment().put("load average at end", loadAverage());
    }

    // ---------------------------------------------------------------- stages

    private Map<String, Object> engineImport(Path file, CommitMode mode) throws IOException {
        String table = table("engine");
        Path work = Files.createTempDirectory(o.outDir().toAbsolutePath(), "work-");
        try {
            Map<String, Object> r = ChildJvm.runStage(o, "import-" + extension(file), "import", List.of("file=" + file,
                    "pg=" + o.pgUrl(), "table=" + table, "mode=" + mode.name(), "work=" + work));
            r.put("mode", mode.name());
            return r;
        } finally {
            deleteTree(work);
        }
    }

    private Map<String, Object> lookupStage(Path csv) throws IOException {
        String table = table("lookup");
        Path work = Files.createTempDirectory(o.outDir().toAbsolutePath(), "work-");
        try {
            return ChildJvm.runStage(o, "lookup", "lookup", List.of("file=" + csv, "rows=" + o.rows(),
                    "pg=" + o.pgUrl(), "table=" + table, "work=" + work));
        } finally {
            deleteTree(work);
        }
    }

    private Map<String, Object> psqlCopy(Path csv) throws Exception {
        String table = table("psql");
        Pg.createTable(o.pgUrl(), table);
        String conninfo = o.pgUrl().startsWith("jdbc:") ? o.pgUrl().substring(5) : o.pgUrl();
        List<String> cmd = List.of("psql", conninfo, "-q", "-v", "ON_ERROR_STOP=1", "-c",
                "\\copy " + table + " (" + BenchData.COLUMN_LIST + ") from '" + csv.toAbsolutePath()
                        + "' with (format csv, header true)");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(o.stageTimeout().toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("psql \\copy failed: " + out.trim());
        }
        long t1 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        long rows = Pg.count(o.pgUrl(), table);
        r.put("rows", rows);
        r.put("seconds", Stages.seconds(t1 - t0));
        r.put("rowsPerSecond", Math.round(rows / ((t1 - t0) / 1e9)));
        return r;
    }

    /** Starts the server once: the HTTP import first, then the progress streams. */
    @SuppressWarnings("unchecked")
    private Map<String, Object>[] serverStages(Path csv) {
        Map<String, Object>[] out = new Map[2];
        if (!o.runs("http-import") && !o.runs("streams")) {
            return out;
        }
        String table = table("http");
        Path work;
        try {
            Pg.createTable(o.pgUrl(), table);
            work = Files.createTempDirectory(o.outDir().toAbsolutePath(), "server-");
        } catch (Exception e) {
            report.error("http-import", e);
            report.error("streams", e);
            return out;
        }
        try (ChildJvm server = ChildJvm.start(o, "server", BenchServer.class.getName(),
                List.of("pg=" + o.pgUrl(), "table=" + table, "work=" + work, "threads=" + o.serverThreads()))) {
            int port;
            try {
                port = Integer.parseInt(server.awaitLine("READY ", Duration.ofMinutes(2)).substring(6).trim());
            } catch (RuntimeException e) {
                report.error("http-import", e);
                report.error("streams", e);
                return out;
            }
            URI api = URI.create("http://127.0.0.1:" + port + "/api/etl/");
            out[0] = stage("http-import", () -> {
                Map<String, Object> r = new HttpImport(api).run(csv, "bench");
                r.put("tableRows", Pg.count(o.pgUrl(), table));
                server.send("stats");
                Map<String, Object> stats = server.awaitResult(Duration.ofMinutes(1));
                r.put("serverMaxHeapMiB", stats.get("maxHeapMiB"));
                r.put("serverMaxLiveMiB", stats.get("maxLiveMiB"));
                return r;
            });
            out[1] = stage("streams", () -> streamStage(server, port));
            server.send("quit");
        } finally {
            deleteTree(work);
        }
        return out;
    }

    private Map<String, Object> streamStage(ChildJvm server, int port) throws Exception {
        long files = openFileLimit();
        if (files > 0 && o.streams() + 500 > files) {
            throw new IllegalStateException(o.streams() + " streams need about " + (o.streams() + 500)
                    + " file descriptors in this JVM and in the server's, but `ulimit -n` is " + files
                    + "; run the benchmark from a shell with a higher limit (ulimit -n 20000) or pass fewer --streams");
        }
        boolean quick = o.streams() <= 1000;
        long rows = quick ? 2_000 : 20_000;
        int chunk = quick ? 200 : 1_000;
        long sleep = quick ? 100 : 200;
        server.send("paced-import " + rows + " " + sleep);
        String id = server.awaitLine("IMPORT ", Duration.ofMinutes(2)).substring(7).trim();
        server.send("stats-reset");
        server.awaitLine("OK", Duration.ofMinutes(1));
        long t0 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        try (SseLoad load = SseLoad.open("127.0.0.1", port, "/api/etl/commit-progress/" + id, o.streams(),
                Duration.ofMinutes(quick ? 1 : 5))) {
            long t1 = System.nanoTime();
            server.send("stats");
            Map<String, Object> open = server.awaitResult(Duration.ofMinutes(1));
            server.send("paced-commit " + id + " " + chunk);
            List<String> changes = server.collectUntil("V ", "COMMITTED", Duration.ofMinutes(10));
            boolean all = load.awaitFinished(Duration.ofMinutes(2));
            server.send("stats");
            Map<String, Object> during = server.awaitResult(Duration.ofMinutes(1));
            load.close();
            Map<Long, Long> changeTimes = new HashMap<>();
            for (String c : changes) {
                String[] parts = c.split(" ");
                changeTimes.put(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
            long[] delays = load.delays(changeTimes);
            r.put("streams", o.streams());
            r.put("connectSeconds", Stages.seconds(t1 - t0));
            r.put("changes", changes.size());
            r.put("eventsExpected", (long) changes.size() * o.streams());
            r.put("eventsMeasured", delays.length);
            r.put("streamsEnded", load.finishedCount());
            r.put("streamsFailed", load.failedCount());
            r.put("allEnded", all);
            r.put("p50Millis", percentile(delays, 0.50));
            r.put("p99Millis", percentile(delays, 0.99));
            r.put("maxMillis", delays.length == 0 ? -1 : Results.round1(delays[delays.length - 1] / 1e6));
            r.put("heapOpenMiB", open.get("heapNowMiB"));
            r.put("threadsOpen", open.get("threadsNow"));
            r.put("maxHeapMiB", during.get("maxHeapMiB"));
            r.put("maxLiveMiB", during.get("maxLiveMiB"));
            r.put("maxThreads", during.get("maxThreads"));
            r.put("xmxMiB", during.get("xmxMiB"));
            if (changes.isEmpty() || delays.length == 0) {
                throw new IllegalStateException("no progress change reached the clients: " + r);
            }
        }
        return r;
    }

    /** This process's soft limit of open files (children inherit it), or -1 when unknown. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: let the sockets tell
        }
        return -1;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return Results.round1(sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6);
    }

    // ---------------------------------------------------------------- the table

    private void lookup(Map<String, Object> r) {
        if (r == null) {
            return;
        }
        String f = "1 buffering";
        report.line(f, "CSV: plain buffering (same JVM as the look-up passes)", lng(r, "rows"),
                dbl(r, "plainBufferSeconds"), lng(r, "plainRowsPerSecond"), heap(r, "maxHeapMiB", "maxLiveMiB"), "");
        report.line(f, "CSV: buffering with one exists look-up (id, " + String.format(Locale.ROOT, "%,d",
                        lng(r, "rows")) + " distinct values, PostgreSQL)", lng(r, "rows"), dbl(r, "lookupBufferSeconds"),
                lng(r, "lookupRowsPerSecond"), heap(r, "maxHeapMiB", "maxLiveMiB"),
                String.format(Locale.ROOT, "%.2fx the time of plain buffering; %d rows refused", Results.number(r,
                        "lookupCostRatio"), lng(r, "lookupInvalid")));
    }

    private void buffering(Map<String, Object> csvBare, Map<String, Object> csvReader, Map<String, Object> fastexcel,
                           Map<String, Object> xlsxReader, Map<String, Object> importCsv, Map<String, Object> importXlsx) {
        String f = "1 buffering";
        bare(f, "CSV: commons-csv parse alone (baseline)", csvBare);
        bare(f, "CSV: our reader alone (RowReaders)", csvReader);
        if (importCsv != null) {
            double rate = Results.number(importCsv, "bufferRowsPerSecond");
            report.line(f, "CSV: engine buffering (read, map, convert, validate, stage)", lng(importCsv, "rows"),
                    dbl(importCsv, "bufferSeconds"), (long) rate, heap(importCsv, "bufferMaxHeapMiB", "bufferMaxLiveMiB"),
                    ratio(rate, csvBare, "commons-csv") + "; " + ratio(rate, csvReader, "our reader"));
        }
        bare(f, "XLSX: fastexcel-reader alone (reference)", fastexcel);
        bare(f, "XLSX: our reader alone (RowReaders)", xlsxReader);
        if (importXlsx != null) {
            double rate = Results.number(importXlsx, "bufferRowsPerSecond");
            report.line(f, "XLSX: engine buffering", lng(importXlsx, "rows"), dbl(importXlsx, "bufferSeconds"),
                    (long) rate, heap(importXlsx, "bufferMaxHeapMiB", "bufferMaxLiveMiB"),
                    ratio(rate, xlsxReader, "our reader") + "; " + ratio(rate, fastexcel, "fastexcel"));
        }
    }

    private void commit(Map<String, Object> copy, Map<String, Object> importCsv, Map<String, Object> importXlsx) {
        String f = "2 commit";
        bare(f, "COPY FROM STDIN via CopyManager (floor)", copy);
        for (Map<String, Object> r : new Map[]{importCsv, importXlsx}) {
            if (r != null) {
                double rate = Results.number(r, "commitRowsPerSecond");
                report.line(f, "engine commit " + r.get("mode") + " (JdbcTable, chunks of 5,000), " + r.get("tableRows")
                                + " rows in table", lng(r, "valid"), dbl(r, "commitSeconds"), (long) rate,
                        heap(r, "commitMaxHeapMiB", "commitMaxLiveMiB"), ratio(rate, copy, "COPY"));
            }
        }
    }

    private void peer(Map<String, Object> springBatch, Map<String, Object> importCsv, Map<String, Object> http) {
        String f = "3 peer";
        bare(f, "Spring Batch 6 job: FlatFileItemReader -> JdbcBatchItemWriter, chunk 1,000", springBatch);
        if (importCsv != null) {
            double total = ours(importCsv);
            long rows = lng(importCsv, "rows");
            report.line(f, "ours in one JVM: upload + buffering (slower pass) + commit (VALID_ROWS)", rows, total,
                    Math.round(rows / total), heap(importCsv, "bufferMaxHeapMiB", "bufferMaxLiveMiB"),
                    springBatch == null ? null : fmt(Results.number(springBatch, "seconds") / total) + "x Spring Batch's throughput");
        }
        if (http != null) {
            double total = dbl(http, "totalSeconds");
            long rows = lng(http, "buffered");
            report.line(f, "ours over HTTP (figure 4)", rows, total, Math.round(rows / total), null,
                    springBatch == null ? null : fmt(Results.number(springBatch, "seconds") / total) + "x Spring Batch's throughput");
        }
    }

    private void endToEnd(Map<String, Object> http, Map<String, Object> psql) {
        String f = "4 end to end";
        bare(f, "psql -c \"\\copy ... csv header\" of the same file (baseline)", psql);
        if (http != null) {
            long rows = lng(http, "buffered");
            report.line(f, "HTTP upload (multipart, 202 answered)", rows, dbl(http, "uploadSeconds"), null, null, null);
            report.line(f, "HTTP buffering (202 -> Completed event)", rows, dbl(http, "bufferSeconds"), null, null, null);
            report.line(f, "HTTP commit (POST commit -> Completed event)", rows, dbl(http, "commitSeconds"), null, null, null);
            double total = dbl(http, "totalSeconds");
            report.line(f, "HTTP total, " + http.get("tableRows") + " rows in table", rows, total, Math.round(rows / total),
                    "server " + http.get("serverMaxHeapMiB") + " / " + http.get("serverMaxLiveMiB"),
                    psql == null ? null : fmt(total / Results.number(psql, "seconds")) + "x the time of psql \\copy");
        }
    }

    private void streams(Map<String, Object> s) {
        if (s == null) {
            return;
        }
        report.line("5 streams", s.get("streams") + " SSE streams on loopback: " + s.get("streamsEnded") + " ended normally, "
                        + s.get("streamsFailed") + " failed; connected in " + s.get("connectSeconds") + " s; "
                        + s.get("changes") + " progress changes, " + s.get("eventsMeasured") + " of " + s.get("eventsExpected")
                        + " events timed; delay p50 " + s.get("p50Millis") + " ms, p99 " + s.get("p99Millis") + " ms, max "
                        + s.get("maxMillis") + " ms; server threads " + s.get("threadsOpen") + " (max " + s.get("maxThreads") + ")",
                null, null, null, "server " + s.get("maxHeapMiB") + " / " + s.get("maxLiveMiB") + " (" + s.get("heapOpenMiB")
                        + " in use with all open), -Xmx" + s.get("xmxMiB"), null);
    }

    private void goals(Map<String, Object> csvBare, Map<String, Object> xlsxReader, Map<String, Object> importCsv,
                       Map<String, Object> importXlsx, Map<String, Object> springBatch, Map<String, Object> psql,
                       Map<String, Object> http, Map<String, Object> streams) {
        if (http != null && psql != null) {
            double x = dbl(http, "totalSeconds") / Results.number(psql, "seconds");
            report.goal("End-to-end CSV import over HTTP within 2x the time of psql \\copy",
                    fmt(dbl(http, "totalSeconds")) + " s vs " + fmt(Results.number(psql, "seconds")) + " s = " + fmt(x) + "x",
                    x <= 2, x <= 2 ? fmt(2 - x) + "x to spare" : "over by " + fmt(x - 2) + "x ("
                            + fmt(dbl(http, "totalSeconds") - 2 * Results.number(psql, "seconds")) + " s too slow)");
        } else {
            report.goal("End-to-end CSV import over HTTP within 2x the time of psql \\copy", "not measured", null, "");
        }
        if (springBatch != null && importCsv != null) {
            double x = Results.number(springBatch, "seconds") / ours(importCsv);
            report.goal("At least 3x the throughput of the Spring Batch job", fmt(x) + "x (ours in one JVM, "
                            + fmt(ours(importCsv)) + " s vs " + fmt(Results.number(springBatch, "seconds")) + " s)",
                    x >= 3, x >= 3 ? fmt(x - 3) + "x above" : "short by " + fmt(3 - x) + "x");
        } else {
            report.goal("At least 3x the throughput of the Spring Batch job", "not measured", null, "");
        }
        if (importCsv != null && csvBare != null) {
            double x = Results.number(importCsv, "bufferRowsPerSecond") / Results.number(csvBare, "rowsPerSecond");
            report.goal("CSV buffering at no less than half the bare reader's speed (commons-csv)", fmt(x) + "x", x >= 0.5,
                    x >= 0.5 ? "above by " + fmt(x - 0.5) + "x" : "short by " + fmt(0.5 - x) + "x");
        }
        if (importXlsx != null && xlsxReader != null) {
            double x = Results.number(importXlsx, "bufferRowsPerSecond") / Results.number(xlsxReader, "rowsPerSecond");
            report.goal("XLSX buffering at no less than half the bare reader's speed (our POI-based reader)", fmt(x) + "x",
                    x >= 0.5, x >= 0.5 ? "above by " + fmt(x - 0.5) + "x" : "short by " + fmt(0.5 - x) + "x");
        }
        if (importXlsx != null) {
            double rate = Results.number(importXlsx, "bufferRowsPerSecond");
            report.goal("XLSX buffering at least 100,000 rows/s", String.format(Locale.ROOT, "%,.0f rows/s", rate),
                    rate >= 100_000, rate >= 100_000 ? "above by " + String.format(Locale.ROOT, "%,.0f", rate - 100_000)
                            : String.format(Locale.ROOT, "short by %,.0f rows/s (%.0f%%)", 100_000 - rate, 100 - rate / 1000));
        } else {
            report.goal("XLSX buffering at least 100,000 rows/s", "not measured", null, "");
        }
        boolean bothRan = importCsv != null && importXlsx != null;
        report.goal("Every import (CSV and XLSX, both stages) runs with -Xmx256m",
                bothRan ? "CSV: buffer " + heap(importCsv, "bufferMaxHeapMiB", "bufferMaxLiveMiB") + ", commit "
                        + heap(importCsv, "commitMaxHeapMiB", "commitMaxLiveMiB") + "; XLSX: buffer "
                        + heap(importXlsx, "bufferMaxHeapMiB", "bufferMaxLiveMiB") + ", commit "
                        + heap(importXlsx, "commitMaxHeapMiB", "commitMaxLiveMiB") + " MiB (peak used / max live), -Xmx"
                        + importCsv.get("xmxMiB") : "an import failed (see errors)",
                bothRan, bothRan ? "both completed in " + importCsv.get("xmxMiB") + " MiB" : "");
        if (streams != null) {
            double heap = Results.number(streams, "maxHeapMiB");
            double threads = Results.number(streams, "maxThreads");
            double p99 = Results.number(streams, "p99Millis");
            report.goal(o.streams() + " open progress streams with at most 256 MB of heap",
                    "peak used " + heap + " MiB, max live after GC " + streams.get("maxLiveMiB") + " MiB (-Xmx" + streams.get("xmxMiB") + ")",
                    heap <= 256, heap <= 256 ? fmt(256 - heap) + " MiB to spare" : "over by " + fmt(heap - 256) + " MiB");
            report.goal(o.streams() + " open progress streams with at most 200 threads", (long) threads + " threads",
                    threads <= 200, threads <= 200 ? (long) (200 - threads) + " to spare" : "over by " + (long) (threads - 200));
            report.goal(o.streams() + " open progress streams with p99 delay under 250 ms", p99 + " ms (p50 "
                    + streams.get("p50Millis") + " ms)", p99 < 250, p99 < 250 ? fmt(250 - p99) + " ms to spare"
                    : "over by " + fmt(p99 - 250) + " ms");
        } else {
            report.goal(o.streams() + " open progress streams (heap, threads, p99 delay)", "not measured", null, "");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** With --jfr: the top frames of every child's recording, into {@code bench-profiles.txt}. */
    private void writeProfiles() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(o.outDir())) {
            for (Path jfr : files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList()) {
                sb.append(JfrTop.summary(jfr, 20)).append('\n');
            }
            Files.writeString(o.outDir().resolve("bench-profiles.txt"), sb);
            log("profiles written to " + o.outDir().resolve("bench-profiles.txt"));
        } catch (IOException e) {
            log("could not summarise the JFR recordings: " + e);
        }
    }

    /** Our time for the whole import in one JVM, with the slower buffering pass (Spring Batch runs once). */
    private static double ours(Map<String, Object> imp) {
        return Results.number(imp, "uploadSeconds") + Results.number(imp, "bufferSlowestSeconds")
                + Results.number(imp, "commitSeconds");
    }

    private void bare(String figure, String what, Map<String, Object> r) {
        if (r != null) {
            report.line(figure, what, lng(r, "rows"), dbl(r, "seconds"), lng(r, "rowsPerSecond"),
                    r.containsKey("maxHeapMiB") ? heap(r, "maxHeapMiB", "maxLiveMiB") : null, null);
        }
    }

    private static String ratio(double rate, Map<String, Object> base, String name) {
        return base == null ? "no " + name + " figure" : fmt(rate / Results.number(base, "rowsPerSecond")) + "x " + name;
    }

    private static String heap(Map<String, Object> r, String used, String live) {
        return r.get(used) + " / " + r.get(live);
    }

    private static Long lng(Map<String, Object> r, String key) {
        return (long) Results.number(r, key);
    }

    private static Double dbl(Map<String, Object> r, String key) {
        return Results.number(r, key);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private Map<String, Object> stage(String name, Callable<Map<String, Object>> body) {
        if (!o.runs(name)) {
            return null;
        }
        log(name + " ...");
        long t0 = System.nanoTime();
        try {
            Map<String, Object> r = body.call();
            report.result(name, r);
            log(name + " done in " + fmt((System.nanoTime() - t0) / 1e9) + " s: " + r);
            return r;
        } catch (Exception | Error e) {
            log(name + " FAILED: " + e);
            report.error(name, e);
            return null;
        }
    }

    private Path timedData(String what, Callable<Path> body) {
        long t0 = System.nanoTime();
        try {
            Path p = body.call();
            report.environment().put(what + " file", p.getFileName() + " (" + String.format(Locale.ROOT, "%,d", Files.size(p))
                    + " bytes, ready in " + fmt((System.nanoTime() - t0) / 1e9) + " s)");
            return p;
        } catch (Exception e) {
            report.error("data-" + what, e);
            return null;
        }
    }

    private String table(String purpose) {
        String t = Pg.tableName(purpose);
        tables.add(t);
        return t;
    }

    private void dropTables() {
        for (String t : tables) {
            try {
                Pg.dropTable(o.pgUrl(), t);
            } catch (RuntimeException e) {
                log("could not drop " + t + ": " + e.getMessage());
            }
        }
    }

    private void environment() {
        Map<String, Object> env = report.environment();
        env.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(STAMP));
        env.put("command", o.command());
        env.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " + memTotal());
        env.put("load average at start", loadAverage());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("child JVMs", o.inProcess() ? "stages in the harness JVM (quick mode); server in a child with -Xmx" + o.childHeap()
                : "-Xmx" + o.childHeap() + " -XX:+UseG1GC, one per stage, and one for the server");
        env.put("server", "Jetty 12 QueuedThreadPool max " + o.serverThreads() + " threads, default output buffers (4 KiB set by EtlServlet for progress streams)");
        env.put("rows", o.rows());
        env.put("streams", o.streams());
        env.put("ulimit -n", shell("ulimit -n"));
        try (Connection c = DriverManager.getConnection(o.pgUrl());
             ResultSet rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            env.put("postgresql", rs.getString(1) + " at " + o.pgUrl().replaceAll("password=[^&]*", "password=***"));
        } catch (Exception e) {
            env.put("postgresql", "not reachable: " + e.getMessage());
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "memory unknown";
        }
    }

    private static String shell(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void log(String message) {
        System.err.println("[bench " + ZonedDateTime.now(ZoneOffset.UTC).toLocalTime().withNano(0) + "] " + message);
    }
}
