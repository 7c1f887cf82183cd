package dev.sseetl.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportStatus;
import dev.sseetl.Limits;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.rules.JdbcLookup;
import dev.sseetl.schema.Schema;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReader;
import dev.sseetl.read.RowReaders;
import dev.sseetl.spi.Subscription;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.postgresql.PGConnection;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The measured stages, each run alone in a fresh child JVM (normally with {@code -Xmx256m}) so heap figures belong
 * to one stage and no stage warms the JIT for another. Usage: {@code Stages <stage> key=value...}; prints one
 * {@link Results} line.
 */
public final class Stages {
    private static final String OWNER = "bench";
    /** Passes of each bare reader; the fastest counts. */
    static final int PASSES = 2;

    private Stages() {
    }

    /**
     * Runs one stage: {@code csv-bare}, {@code rowreader-bare}, {@code fastexcel-bare}, {@code import},
     * {@code copy} or {@code spring-batch}; arguments are {@code key=value} pairs.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            a.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Results.emit(run(args[0], a));
        System.exit(0);
    }

    /** Runs one stage in this JVM and returns its figures. */
    static Map<String, Object> run(String stage, Map<String, String> a) throws Exception {
        try (HeapSampler heap = new HeapSampler()) {
            heap.reset();
            Map<String, Object> result = switch (stage) {
                case "csv-bare" -> bestOf(PASSES, () -> csvBare(Path.of(a.get("file")), heap));
                case "rowreader-bare" -> bestOf(PASSES, () -> rowReaderBare(Path.of(a.get("file")), heap));
                case "fastexcel-bare" -> bestOf(PASSES, () -> fastexcelBare(Path.of(a.get("file")), heap));
                case "import" -> engineImport(Path.of(a.get("file")), a.get("pg"), a.get("table"),
                        CommitMode.parse(a.get("mode")), Path.of(a.get("work")), heap);
                case "lookup" -> lookupBuffering(Path.of(a.get("file")), Long.parseLong(a.get("rows")), a.get("pg"), a.get("table"),
                        Path.of(a.get("work")), heap);
                case "copy" -> copy(Path.of(a.get("file")), a.get("pg"), a.get("table"), heap);
                case "spring-batch" -> SpringBatchJob.run(Path.of(a.get("file")), a.get("pg"), a.get("table"), heap);
                default -> throw new IllegalArgumentException("unknown stage " + stage);
            };
            result.put("xmxMiB", Results.round1(heap.maxHeapMiB()));
            return result;
        }
    }

    /**
     * Runs a bare-reader pass {@code passes} times in this JVM and keeps the fastest: the baseline gets a warm JIT
     * and the best of the machine's moments, so ratios against it never flatter the engine (measured once, cold).
     */
    static Map<String, Object> bestOf(int passes, java.util.concurrent.Callable<Map<String, Object>> pass) throws Exception {
        Map<String, Object> best = null;
        for (int i = 0; i < passes; i++) {
            Map<String, Object> r = pass.call();
            if (best == null || Results.number(r, "seconds") < Results.number(best, "seconds")) {
                best = r;
            }
        }
        best.put("passes", passes);
        return best;
    }

    /** commons-csv alone: parse every record and touch every value. */
    static Map<String, Object> csvBare(Path file, HeapSampler heap) throws Exception {
        long t0 = System.nanoTime();
        long rows = 0;
        long chars = 0;
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                for (String value : record) {
                    chars += value.length();
                }
                rows++;
            }
        }
        return timed(rows, t0, heap, Map.of("chars", chars));
    }

    /** Our reader alone ({@code RowReaders}, as the engine opens it): every row, every cell. */
    static Map<String, Object> rowReaderBare(Path file, HeapSampler heap) {
        long t0 = System.nanoTime();
        long rows = 0;
        long cells = 0;
        try (RowReader reader = RowReaders.open(file, RowReaders.detect(file), ReadOptions.of(Limits.defaults()))) {
            reader.header();
            for (RowReader.SourceRow row = reader.next(); row != null; row = reader.next()) {
                for (Object cell : row.cells()) {
                    if (cell != null) {
                        cells++;
                    }
                }
                rows++;
            }
        }
        return timed(rows, t0, heap, Map.of("cells", cells));
    }

    /** fastexcel-reader alone, the fastest XLSX reader we know of: every row, every cell, dates as dates. */
    static Map<String, Object> fastexcelBare(Path file, HeapSampler heap) throws Exception {
        long t0 = System.nanoTime();
        long rows = 0;
        long cells = 0;
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
             Stream<org.dhatim.fastexcel.reader.Row> stream = wb.getFirstSheet().openStream()) {
            Iterator<org.dhatim.fastexcel.reader.Row> it = stream.iterator();
            it.next(); // header
            while (it.hasNext()) {
                org.dhatim.fastexcel.reader.Row row = it.next();
                for (int c = 0; c < row.getCellCount(); c++) {
                    Cell cell = row.getCell(c);
                    Object v = c == 7 || c == 8 ? cell.asDate() : cell.getValue();
                    if (v != null) {
                        cells++;
                    }
                }
                rows++;
            }
        }
        return timed(rows, t0, heap, Map.of("cells", cells));
    }

    /** Plain {@code COPY ... FROM STDIN (FORMAT csv)} of the file through the driver: the database's own floor. */
    static Map<String, Object> copy(Path file, String url, String table, HeapSampler heap) throws Exception {
        Pg.createTable(url, table);
        long t0 = System.nanoTime();
        long rows;
        try (Connection c = DriverManager.getConnection(url); InputStream in = Files.newInputStream(file)) {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + table + " (" + BenchData.COLUMN_LIST + ") FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 16);
        }
        Map<String, Object> r = timed(rows, t0, heap, Map.of());
        r.put("tableRows", Pg.count(url, table));
        return r;
    }

    /**
     * The engine end to end in one JVM: upload (store the file), buffer (read, map, convert, validate, stage),
     * then commit every valid row into a new PostgreSQL table through {@link JdbcTable} in {@code mode}.
     */
    static Map<String, Object> engineImport(Path file, String url, String table, CommitMode mode, Path work,
                                            HeapSampler heap) throws Exception {
        Pg.createTable(url, table);
        Map<String, Object> r = new LinkedHashMap<>();
        try (HikariDataSource ds = Pg.pool(url);
             EtlEngine engine = EtlEngine.builder()
                     .schema(BenchData.schema("bench", JdbcTable.of(ds, table)))
                     .workDirectory(work)
                     .build()) {
            // Buffered PASSES times like the bare readers (the faster pass counts); the last import is committed.
            String id = null;
            double bestBuffer = Double.MAX_VALUE;
            double slowestBuffer = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                if (id != null) {
                    engine.discard(id, OWNER);
                }
                long t0 = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    id = engine.upload("bench", in, file.getFileName().toString(), Map.of(), OWNER);
                }
                CompletableFuture<Long> bufferEnd = endOf(engine, id, Phase.BUFFER);
                long t1 = System.nanoTime();
                ProgressSnapshot buffered = await(engine, id, Phase.BUFFER, bufferEnd);
                long t2 = bufferEnd.get();
                ImportStatus status = engine.status(id, OWNER);
                double bufferSeconds = (t2 - t1) / 1e9;
                r.put("bufferPass" + (pass + 1) + "Seconds", Results.round3(bufferSeconds));
                slowestBuffer = Math.max(slowestBuffer, bufferSeconds);
                if (bufferSeconds < bestBuffer) {
                    bestBuffer = bufferSeconds;
                    r.put("uploadSeconds", seconds(t1 - t0));
                    r.put("bufferSeconds", seconds(t2 - t1));
                    r.put("rows", status.summary().total());
                    r.put("valid", status.summary().valid());
                    r.put("invalid", status.summary().invalid());
                    r.put("bufferRowsPerSecond", Math.round(status.summary().total() / bufferSeconds));
                    r.put("bufferStatus", buffered.status().label());
                }
            }
            r.put("bufferSlowestSeconds", Results.round3(slowestBuffer));
            r.put("bufferMaxHeapMiB", Results.round1(heap.maxUsedMiB()));
            r.put("bufferMaxLiveMiB", Results.round1(heap.maxLiveMiB()));
            ImportStatus status = engine.status(id, OWNER);

            heap.reset();
            long t3 = System.nanoTime();
            CompletableFuture<Long> commitEnd = endOf(engine, id, Phase.COMMIT);
            engine.commit(id, OWNER, new CommitOptions(mode, CommitOptions.DEFAULT_CHUNK_SIZE));
            ProgressSnapshot committed = await(engine, id, Phase.COMMIT, commitEnd);
            long t4 = commitEnd.get();
            r.put("commitSeconds", seconds(t4 - t3));
            r.put("commitStatus", committed.status().label());
            r.put("commitMessage", committed.message());
            r.put("inserted", committed.result() == null ? -1 : committed.result().inserted());
            r.put("commitRowsPerSecond", Math.round(status.summary().valid() / ((t4 - t3) / 1e9)));
            r.put("commitMaxHeapMiB", Results.round1(heap.maxUsedMiB()));
            r.put("commitMaxLiveMiB", Results.round1(heap.maxLiveMiB()));
            r.put("tableRows", Pg.count(url, table));
            r.put("threads", heap.maxThreads());
            engine.discard(id, OWNER);
        }
        return r;
    }

    /**
     * Buffering with one {@code exists} look-up beside plain buffering, in this JVM: the file's id column (one
     * distinct value a row) is looked up in a PostgreSQL table holding every id, through {@code JdbcLookup} (batches
     * of 2,000 values, {@code = ANY(?)}). Plain and look-up buffering alternate twice; the faster pass of each counts.
     */
    static Map<String, Object> lookupBuffering(Path file, long rows, String url, String table, Path work,
                                               HeapSampler heap)
            throws Exception {
        Pg.execute(url, "drop table if exists " + table);
        Pg.execute(url, "create table " + table + " (id bigint primary key)");
        Map<String, Object> r = new LinkedHashMap<>();
        try (HikariDataSource ds = Pg.pool(url)) {
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("insert into " + table + " select generate_series(1, " + rows + ")");
                st.execute("analyze " + table);
            }
            Schema plain = BenchData.schema("plain", null); // buffering only: no commit target needed
            Schema.Builder lookupSchema = Schema.named("lookup");
            for (int i = 0; i < plain.columns().size(); i++) {
                lookupSchema.column(i == 0 ? plain.columns().get(0).withLookup(JdbcLookup.of(ds, table, "id"))
                        : plain.columns().get(i));
            }
            try (EtlEngine engine = EtlEngine.builder().schema(plain).schema(lookupSchema).workDirectory(work)
                    .build()) {
                double best0 = Double.MAX_VALUE;
                double best1 = Double.MAX_VALUE;
                long invalid = -1;
                heap.reset();
                for (int pass = 0; pass < 2 * PASSES; pass++) {
                    String schema = pass % 2 == 0 ? "plain" : "lookup";
                    String id;
                    try (InputStream in = Files.newInputStream(file)) {
                        id = engine.upload(schema, in, file.getFileName().toString(), Map.of(), OWNER);
                    }
                    CompletableFuture<Long> end = endOf(engine, id, Phase.BUFFER);
                    long t1 = System.nanoTime();
                    await(engine, id, Phase.BUFFER, end);
                    double secs = (end.get() - t1) / 1e9;
                    r.put("rows", engine.status(id, OWNER).summary().total());
                    if (pass % 2 == 0) {
                        best0 = Math.min(best0, secs);
                    } else {
                        best1 = Math.min(best1, secs);
                        invalid = engine.status(id, OWNER).summary().invalid();
                    }
                    engine.discard(id, OWNER);
                }
                long total = (long) Results.number(r, "rows");
                r.put("plainBufferSeconds", Results.round3(best0));
                r.put("lookupBufferSeconds", Results.round3(best1));
                r.put("plainRowsPerSecond", Math.round(total / best0));
                r.put("lookupRowsPerSecond", Math.round(total / best1));
                r.put("lookupCostRatio", Results.round3(best1 / best0));
                r.put("lookupInvalid", invalid);
                r.put("maxHeapMiB", Results.round1(heap.maxUsedMiB()));
                r.put("maxLiveMiB", Results.round1(heap.maxLiveMiB()));
            }
        } finally {
            Pg.execute(url, "drop table if exists " + table);
        }
        return r;
    }

    /** Completes with the time the phase's final snapshot was stored (nanoTime). */
    private static CompletableFuture<Long> endOf(EtlEngine engine, String id, Phase phase) {
        CompletableFuture<Long> end = new CompletableFuture<>();
        Subscription[] holder = new Subscription[1];
        holder[0] = engine.subscribe(id, OWNER, phase, s -> {
            if (s.status().isFinal() && !end.isDone()) {
                end.complete(System.nanoTime());
            }
        });
        end.whenComplete((t, e) -> {
            if (holder[0] != null) {
                holder[0].close();
            }
        });
        return end;
    }

    private static ProgressSnapshot await(EtlEngine engine, String id, Phase phase, CompletableFuture<Long> end)
            throws Exception {
        end.get(Duration.ofMinutes(30).toMillis(), TimeUnit.MILLISECONDS);
        ProgressSnapshot last = engine.progress(id, OWNER, phase);
        if (last.status() != ProgressStatus.COMPLETED) {
            throw new IllegalStateException(phase.wireName() + " ended " + last.status().label() + ": " + last.message());
        }
        return last;
    }

    static Map<String, Object> timed(long rows, long t0, HeapSampler heap, Map<String, Object> extra) {
        long t1 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rows", rows);
        r.put("seconds", seconds(t1 - t0));
        r.put("rowsPerSecond", Math.round(rows / ((t1 - t0) / 1e9)));
        r.put("maxHeapMiB", Results.round1(heap.maxUsedMiB()));
        r.put("maxLiveMiB", Results.round1(heap.maxLiveMiB()));
        r.putAll(extra);
        return r;
    }

    static double seconds(long nanos) {
        return Results.round3(nanos / 1e9);
    }
}
