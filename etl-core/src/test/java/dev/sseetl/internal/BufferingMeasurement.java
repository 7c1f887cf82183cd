package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.RowFilter;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Measures buffering (and committing to a no-op target) of a generated 1,000,000-row x 10-column file through the
 * engine. Not a unit test: run it by hand under a small heap, e.g.
 * {@code java -Xmx256m -cp <test classpath> dev.sseetl.internal.BufferingMeasurement csv 1000000}.
 */
public final class BufferingMeasurement {
    private BufferingMeasurement() {
    }

    static Schema tenColumns() {
        return Schema.named("wide")
                .column(Column.integer("id").required().unique())
                .column(Column.string("name").required().maxLength(40))
                .column(Column.email("email").required())
                .column(Column.integer("age").min(0).max(150))
                .column(Column.decimal("balance").scale(2))
                .column(Column.date("joined"))
                .column(Column.bool("active"))
                .column(Column.enumeration("role", "admin", "editor", "viewer"))
                .column(Column.string("city"))
                .column(Column.string("note").maxLength(100))
                .target((schema, mode) -> new CommitSession() {
                    @Override
                    public ChunkResult write(java.util.List<dev.sseetl.StagedRow> rows) {
                        return new ChunkResult(rows.size(), 0);
                    }

                    @Override
                    public void complete() {
                    }

                    @Override
                    public void close() {
                    }
                })
                .build();
    }

    private static final String[] HEADER = {"id", "name", "email", "age", "balance", "joined", "active", "role", "city", "note"};
    private static final String[] ROLES = {"admin", "editor", "viewer"};

    static Path csv(Path dir, int rows) throws IOException {
        Path file = dir.resolve("wide-" + rows + ".csv");
        Random random = new Random(1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", HEADER));
            out.write('\n');
            for (int i = 1; i <= rows; i++) {
                int age = i % 1000 == 0 ? -5 : random.nextInt(100); // one row in a thousand invalid
                out.write(i + ",Person " + i + ",p" + i + "@example.com," + age + "," + random.nextInt(100000) + "."
                        + (10 + random.nextInt(90)) + ",2024-0" + (1 + i % 9) + "-1" + (i % 9) + "," + (i % 2 == 0)
                        + "," + ROLES[i % 3] + ",City " + (i % 500) + ",Some note about row " + i + "\n");
            }
        }
        return file;
    }

    static Path xlsx(Path dir, int rows) throws IOException {
        Path file = dir.resolve("wide-" + rows + ".xlsx");
        Random random = new Random(1);
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            wb.setCompressTempFiles(true);
            Sheet sheet = wb.createSheet("Data");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.length; c++) {
                header.createCell(c).setCellValue(HEADER[c]);
            }
            for (int i = 1; i <= rows; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(i);
                row.createCell(1).setCellValue("Person " + i);
                row.createCell(2).setCellValue("p" + i + "@example.com");
                row.createCell(3).setCellValue(i % 1000 == 0 ? -5 : random.nextInt(100));
                row.createCell(4).setCellValue(random.nextInt(100000) / 100.0);
                row.createCell(5).setCellValue("2024-0" + (1 + i % 9) + "-1" + (i % 9));
                row.createCell(6).setCellValue(i % 2 == 0);
                row.createCell(7).setCellValue(ROLES[i % 3]);
                row.createCell(8).setCellValue("City " + (i % 500));
                row.createCell(9).setCellValue("Some note about row " + i);
            }
            wb.write(out);
            wb.dispose();
        }
        return file;
    }

    public static void main(String[] args) throws Exception {
        String format = args.length > 0 ? args[0] : "csv";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dir = Files.createTempDirectory("sse-etl-measure-");
        long t0 = System.nanoTime();
        Path file = format.equals("xlsx") ? xlsx(dir, rows) : csv(dir, rows);
        System.out.printf("generated %s: %,d bytes in %d ms%n", file.getFileName(), Files.size(file),
                (System.nanoTime() - t0) / 1_000_000);
        System.gc();
        try (EtlEngine engine = EtlEngine.builder().schema(tenColumns()).build()) {
            long start = System.nanoTime();
            String id;
            try (InputStream in = Files.newInputStream(file)) {
                id = engine.upload("wide", in, file.getFileName().toString(), Map.of(), "me");
            }
            long uploaded = System.nanoTime();
            long events = 0;
            ProgressSnapshot last;
            while (true) {
                last = engine.progress(id, "me", Phase.BUFFER);
                if (last.status().isFinal()) {
                    break;
                }
                events++;
                Thread.sleep(20);
            }
            long end = System.nanoTime();
            double seconds = (end - uploaded) / 1e9;
            System.out.printf("upload (store file): %d ms; buffering: %.1f s, %,.0f rows/s; status %s, processed %,d, "
                            + "valid %,d, invalid %,d, message %s%n", (uploaded - start) / 1_000_000, seconds,
                    last.processed() / seconds, last.status(), last.processed(), last.valid(), last.invalid(),
                    last.message());
            System.out.printf("last progress version %d%n", last.version());
            report("after buffering");
            if (engine.status(id, "me").job().state() != ImportState.BUFFERED) {
                return;
            }
            Random random = new Random(2);
            for (RowFilter filter : RowFilter.values()) {
                long worst = 0;
                for (int i = 0; i < 20; i++) {
                    int page = 1 + random.nextInt(filter == RowFilter.INVALID ? 2 : 1_999);
                    long p0 = System.nanoTime();
                    int n = engine.preview(id, "me", page, 500, filter).rows().size();
                    worst = Math.max(worst, System.nanoTime() - p0);
                    if (n == 0) {
                        throw new IllegalStateException("empty page " + page + " of " + filter);
                    }
                }
                System.out.printf("preview %s, 20 random pages of 500: slowest %.1f ms%n", filter, worst / 1e6);
            }
            long c0 = System.nanoTime();
            engine.commit(id, "me", new CommitOptions(CommitMode.VALID_ROWS, 5_000));
            while (!engine.progress(id, "me", Phase.COMMIT).status().isFinal()) {
                Thread.sleep(20);
            }
            double cs = (System.nanoTime() - c0) / 1e9;
            ProgressSnapshot commit = engine.progress(id, "me", Phase.COMMIT);
            System.out.printf("commit to a no-op target: %.1f s, %,.0f rows/s, result %s%n", cs,
                    commit.processed() / cs, commit.result());
            report("after commit");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void report(String when) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s: max heap %d MB, sum of heap pools' peaks %d MB%n", when,
                Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }
}
