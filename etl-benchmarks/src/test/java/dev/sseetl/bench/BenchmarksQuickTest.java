package dev.sseetl.bench;

import dev.sseetl.testing.TestServices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's quick mode (10,000 rows, 200 streams), so the benchmark never rots: every stage runs for real,
 * against the real PostgreSQL, and every figure and goal must come out. It checks that figures were produced, never
 * how fast they are.
 */
class BenchmarksQuickTest {

    @Test
    void quickRunProducesEveryFigureAndLeavesNoTableBehind() throws Exception {
        String pg = TestServices.requirePostgres();
        Path out = Path.of("target", "bench-quick");

        Report report = Benchmarks.run(BenchOptions.quick(out, pg));

        assertThat(report.errors()).isEmpty();
        assertThat(report.results()).containsOnlyKeys("csv-bare", "rowreader-csv", "fastexcel-xlsx", "rowreader-xlsx",
                "import-csv", "import-xlsx", "copy", "spring-batch", "psql-copy", "http-import", "streams", "lookup");
        assertThat(report.results().values()).allSatisfy(r -> assertThat(r).isNotEmpty());
        for (String stage : List.of("import-csv", "import-xlsx", "copy", "spring-batch", "http-import")) {
            assertThat(Results.number(report.results().get(stage), "tableRows")).as(stage).isEqualTo(10_000.0);
        }
        assertThat(report.results().get("import-csv")).containsEntry("commitStatus", "Completed");
        assertThat(Results.number(report.results().get("lookup"), "lookupInvalid")).as("every id is known").isEqualTo(0.0);
        Map<String, Object> streams = report.results().get("streams");
        assertThat(Results.number(streams, "streamsEnded")).isEqualTo(200.0);
        assertThat(Results.number(streams, "streamsFailed")).isZero();
        assertThat(Results.number(streams, "eventsMeasured")).isPositive();
        assertThat(report.lines()).extracting(Report.Line::figure)
                .contains("1 buffering", "2 commit", "3 peer", "4 end to end", "5 streams");
        assertThat(report.goals()).hasSize(9).allSatisfy(g -> assertThat(g.met()).as(g.goal()).isNotNull());
        assertThat(out.resolve("bench-results.md")).content().contains("| goal |", "psql");
        assertThat(Files.readString(out.resolve("bench-results.json"))).contains("\"goals\"", "\"p99Millis\"");
        assertThat(leftTables(pg, report)).isEmpty();
    }

    private static List<String> leftTables(String pg, Report report) throws Exception {
        String names = String.valueOf(report.environment().get("tables (dropped after the run)"));
        assertThat(names).contains("bench_");
        try (Connection c = DriverManager.getConnection(pg);
             PreparedStatement s = c.prepareStatement("select tablename from pg_tables where tablename = any(?)")) {
            s.setArray(1, c.createArrayOf("text", names.split(", ")));
            try (ResultSet rs = s.executeQuery()) {
                List<String> left = new java.util.ArrayList<>();
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
                return left;
            }
        }
    }
}
