package dev.sseetl.internal;

import dev.sseetl.ImportState;
import dev.sseetl.EtlEngine;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.JobRunner;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** Files, schemas and controllable parts for engine tests. */
final class Fixtures {
    static final String OWNER = "ada";

    private Fixtures() {
    }

    /** name (required, at most 20 chars), email (required, unique), age (integer 0..150), joined (date). */
    static Schema people() {
        return Schema.named("people")
                .column(Column.string("name").label("Name").required().maxLength(20))
                .column(Column.email("email").label("Email").required().unique())
                .column(Column.integer("age").label("Age").min(0).max(150))
                .column(Column.date("joined").label("Joined"))
                .build();
    }

    /** A people CSV of {@code rows} data rows; row i (from 0) is invalid (age -1) when i % invalidEvery == 0. */
    static Path peopleCsv(Path dir, int rows, int invalidEvery) {
        Path file = dir.resolve("people-" + rows + "-" + System.nanoTime() + ".csv");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Name,Email,Age,Joined\r\n");
            for (int i = 0; i < rows; i++) {
                boolean invalid = invalidEvery > 0 && i % invalidEvery == 0;
                out.write("Person " + i + ",p" + i + "@example.com," + (invalid ? -1 : i % 90) + ",2024-01-"
                        + String.format("%02d", 1 + i % 28) + "\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path textFile(Path dir, String name, String content) {
        return bytesFile(dir, name, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path bytesFile(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A people workbook written by POI: numbers as numeric cells, dates as date-formatted cells. */
    static Path peopleXlsx(Path dir, int rows, int invalidEvery) {
        Path file = dir.resolve("people-" + rows + "-" + System.nanoTime() + ".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("People");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            String[] labels = {"Name", "Email", "Age", "Joined"};
            for (int c = 0; c < labels.length; c++) {
                header.createCell(c).setCellValue(labels[c]);
            }
            for (int i = 0; i < rows; i++) {
                boolean invalid = invalidEvery > 0 && i % invalidEvery == 0;
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue("Person " + i);
                row.createCell(1).setCellValue("p" + i + "@example.com");
                row.createCell(2).setCellValue(invalid ? -1 : i % 90);
                var joined = row.createCell(3);
                joined.setCellValue(LocalDate.of(2024, 1, 1 + i % 28));
                joined.setCellStyle(date);
            }
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String upload(EtlEngine engine, Path file) {
        return upload(engine, file, OWNER);
    }

    static String upload(EtlEngine engine, Path file, String owner) {
        try (InputStream in = Files.newInputStream(file)) {
            return engine.upload("people", in, file.getFileName().toString(), Map.of(), owner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitState(EtlEngine engine, String id, ImportState state) {
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.status(id, OWNER).job().state() == state);
    }

    /** Every regular file under the folder whose name contains the text. */
    static List<Path> filesNamed(Path folder, String text) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job runner that holds jobs until the test lets them run. */
    static final class GatedJobRunner implements JobRunner {
        private final BlockingQueue<Runnable> queued = new LinkedBlockingQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        @Override
        public void submit(String name, Runnable job) {
            queued.add(job);
        }

        int queued() {
            return queued.size();
        }

        /** Runs the oldest queued job on the calling thread. */
        void runNext() {
            queued.remove().run();
        }

        /** Runs the oldest queued job on a new thread. */
        Thread startNext() {
            Thread t = new Thread(queued.remove(), "gated-job");
            t.start();
            threads.add(t);
            return t;
        }

        @Override
        public void close() {
            threads.forEach(Thread::interrupt);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The data source, counting the statements prepared through it. */
    static DataSource countingStatements(DataSource target, AtomicInteger prepared) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement")) {
                                        prepared.incrementAndGet();
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
