package dev.sseetl.commit;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.ProgressStatus;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.testing.TestServices;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Manual measurement (not a unit test) of 1,000,000-row commits into PostgreSQL: plain COPY as the baseline, the raw
 * {@link JdbcTable} (COPY fast path and JDBC batches, both modes, inserts and updates) and the whole engine.
 * Run: {@code java -cp <test classpath> dev.sseetl.commit.CommitBenchmark [rows [all|raw|copy|engine]]}.
 */
public final class CommitBenchmark {
    static final String DDL = "CREATE TABLE %s (email VARCHAR(200) PRIMARY KEY, name VARCHAR(100) NOT NULL, age BIGINT)";
    static final Schema SCHEMA = Schema.named("people")
            .column(Column.string("name").label("Name").required())
            .column(Column.email("email").label("E-mail").required().unique())
            .column(Column.integer("age").label("Age"))
            .build();

    private CommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String only = args.length > 1 ? args[1] : "all";
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestServices.POSTGRES_URL);
        if (only.equals("all") || only.equals("raw") || only.equals("copy")) {
            plainCopy(ds, rows);
            rawInsertOnly(ds, rows);
            for (boolean copy : only.equals("copy") ? new boolean[] {true} : new boolean[] {true, false}) {
                for (CommitMode mode : CommitMode.values()) {
                    raw(ds, rows, copy, mode);
                }
            }
        }
        if (only.equals("all") || only.equals("engine") || only.equals("copy")) {
            for (CommitMode mode : CommitMode.values()) {
                engine(ds, rows, mode);
            }
        }
    }

    static String newTable(PGSimpleDataSource ds) throws Exception {
        String table = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec(ds, DDL.formatted(table));
        return table;
    }

    static void exec(PGSimpleDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static void plainCopy(PGSimpleDataSource ds, int rows) throws Exception {
        String table = newTable(ds);
        try (Connection c = ds.getConnection()) {
            StringBuilder sb = new StringBuilder(rows * 40);
            for (int i = 1; i <= rows; i++) {
                sb.append('"').append("Person ").append(i).append("\",\"p").append(i).append("@example.com\",").append(i % 100).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            long t = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (name, email, age) FROM STDIN WITH (FORMAT csv)",
                    new ByteArrayInputStream(bytes));
            report("plain COPY (one statement, data prepared)", rows, t);
        } finally {
            exec(ds, "DROP TABLE " + table);
        }
    }

    static List<StagedRow> chunk(int from, int size) {
        List<StagedRow> chunk = new ArrayList<>(size);
        for (int i = from; i < from + size; i++) {
            List<Object> values = Arrays.asList("Person " + i, "p" + i + "@example.com", (long) (i % 100));
            chunk.add(new StagedRow(i + 1, values, List.of("", "", ""), List.of()));
        }
        return chunk;
    }

    static void raw(PGSimpleDataSource ds, int rows, boolean copy, CommitMode mode) throws Exception {
        String table = newTable(ds);
        try {
            JdbcTable target = JdbcTable.of(ds, table).useCopy(copy);
            for (String pass : new String[] {"insert", "update"}) {
                long t = System.nanoTime();
                long inserted = 0;
                long updated = 0;
                try (CommitSession s = target.open(SCHEMA, mode)) {
                    for (int from = 1; from <= rows; from += CommitOptions.DEFAULT_CHUNK_SIZE) {
                        CommitSession.ChunkResult r = s.write(chunk(from, Math.min(CommitOptions.DEFAULT_CHUNK_SIZE, rows - from + 1)));
                        inserted += r.inserted();
                        updated += r.updated();
                    }
                    s.complete();
                }
                report("JdbcTable " + (copy ? "COPY" : "batches") + " " + mode + " " + pass + " (" + inserted + " inserted, "
                        + updated + " updated)", rows, t);
            }
        } finally {
            exec(ds, "DROP TABLE " + table);
        }
    }

    static void rawInsertOnly(PGSimpleDataSource ds, int rows) throws Exception {
        String table = newTable(ds);
        try (CommitSession s = JdbcTable.of(ds, table).conflictKey().open(SCHEMA, CommitMode.VALID_ROWS)) {
            long t = System.nanoTime();
            for (int from = 1; from <= rows; from += CommitOptions.DEFAULT_CHUNK_SIZE) {
                s.write(chunk(from, Math.min(CommitOptions.DEFAULT_CHUNK_SIZE, rows - from + 1)));
            }
            s.complete();
            report("JdbcTable COPY insert only (no conflict key), VALID_ROWS", rows, t);
        } finally {
            exec(ds, "DROP TABLE " + table);
        }
    }

    static void engine(PGSimpleDataSource ds, int rows, CommitMode mode) throws Exception {
        String table = newTable(ds);
        Path file = Files.createTempFile("bench", ".csv");
        try (EtlEngine engine = EtlEngine.builder().schema(SCHEMA.withTarget(JdbcTable.of(ds, table))).build()) {
            StringBuilder sb = new StringBuilder(rows * 40).append("Name,E-mail,Age\n");
            for (int i = 1; i <= rows; i++) {
                sb.append("Person ").append(i).append(",p").append(i).append("@example.com,").append(i % 100).append('\n');
            }
            Files.writeString(file, sb);
            long t = System.nanoTime();
            String id;
            try (InputStream in = Files.newInputStream(file)) {
                id = engine.upload("people", in, "bench.csv", Map.of(), "bench");
            }
            while (engine.status(id, "bench").job().state() != ImportState.BUFFERED) {
                Thread.sleep(20);
            }
            report("engine upload + buffering", rows, t);
            t = System.nanoTime();
            engine.commit(id, "bench", new CommitOptions(mode, CommitOptions.DEFAULT_CHUNK_SIZE));
            while (engine.progress(id, "bench", Phase.COMMIT).status() == ProgressStatus.PROCESSING) {
                Thread.sleep(10);
            }
            CommitResult r = engine.progress(id, "bench", Phase.COMMIT).result();
            report("engine commit " + mode + " " + r, rows, t);
        } finally {
            Files.deleteIfExists(file);
            exec(ds, "DROP TABLE " + table);
        }
    }

    static void report(String what, int rows, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-90s %8.2f s %10.0f rows/s%n", what, s, rows / s);
    }
}
