package dev.sseetl.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DataGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void csvHoldsTheSameTypedValuesAsTheXlsx() throws Exception {
        Path csv = DataGenerator.csv(dir, 1_000);
        Path xlsx = DataGenerator.xlsx(dir, 1_000);

        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.builder().setPath(csv)
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            assertThat(parser.getHeaderNames()).isEqualTo(BenchData.header());
            records = parser.getRecords();
        }
        assertThat(records).hasSize(1_000);

        try (ReadableWorkbook wb = new ReadableWorkbook(xlsx.toFile(), new ReadingOptions(true, false));
             Stream<Row> rows = wb.getFirstSheet().openStream()) {
            List<Row> all = rows.toList();
            assertThat(all).hasSize(1_001);
            assertThat(all.get(0).getCellText(8)).isEqualTo("Updated At");
            for (int r : new int[]{1, 2, 3, 500, 1_000}) {
                CSVRecord c = records.get(r - 1);
                Row x = all.get(r);
                assertThat(x.getCellAsNumber(0).orElseThrow()).isEqualByComparingTo(BigDecimal.valueOf(r));
                assertThat(x.getCellText(1)).isEqualTo(c.get(1));
                assertThat(x.getCellText(2)).isEqualTo(c.get(2)).endsWith(r + "@example.com");
                assertThat(x.getCellAsNumber(4).orElseThrow()).isEqualByComparingTo(new BigDecimal(c.get(4)));
                assertThat(x.getCellAsBoolean(5).orElseThrow()).isEqualTo(Boolean.parseBoolean(c.get(5)));
                assertThat(x.getCellText(6)).isEqualTo(c.get(6));
                assertThat(x.getCellAsDate(7).orElseThrow().toLocalDate().toString()).isEqualTo(c.get(7));
                assertThat(x.getCellAsDate(8).orElseThrow().toString()).isEqualTo(c.get(8));
                assertThat(x.getCellText(9)).isEqualTo(c.get(9));
            }
        }
    }

    @Test
    void csvRowsAverageAbout120Bytes() throws Exception {
        Path csv = DataGenerator.csv(dir, 10_000);

        assertThat(Files.size(csv) / 10_000.0).isBetween(100.0, 140.0);
    }

    @Test
    void reusesAFileAlreadyGenerated() throws Exception {
        Path first = DataGenerator.csv(dir, 500);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Thread.sleep(20);

        Path second = DataGenerator.csv(dir, 500);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
    }
}
