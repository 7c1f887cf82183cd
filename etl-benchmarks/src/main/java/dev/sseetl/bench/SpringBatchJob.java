package dev.sseetl.bench;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The peer people pick today: a Spring Batch 6 job, {@code FlatFileItemReader -> JdbcBatchItemWriter}, chunks of
 * 1,000, loading the benchmark CSV into a PostgreSQL table. Job metadata lives in the resourceless (in-memory)
 * repository; the rows go to PostgreSQL through the same kind of pool our engine gets. The reader converts every
 * field to its column's type (long, BigDecimal, boolean, LocalDate, LocalDateTime), as a real job would, but
 * validates nothing more.
 */
final class SpringBatchJob {
    static final int CHUNK = 1_000;

    private SpringBatchJob() {
    }

    static Map<String, Object> run(Path file, String url, String table, HeapSampler heap) throws Exception {
        Pg.createTable(url, table);
        try (HikariDataSource ds = Pg.pool(url)) {
            ResourcelessJobRepository repository = new ResourcelessJobRepository();
            FlatFileItemReader<Object[]> reader = new FlatFileItemReaderBuilder<Object[]>()
                    .name("csv")
                    .resource(new FileSystemResource(file))
                    .linesToSkip(1)
                    .delimited()
                    .names(BenchData.KEYS.toArray(String[]::new))
                    .fieldSetMapper(fs -> new Object[]{fs.readLong(0), fs.readString(1), fs.readString(2),
                            fs.readInt(3), fs.readBigDecimal(4), fs.readBoolean(5), fs.readString(6),
                            LocalDate.parse(fs.readString(7)), LocalDateTime.parse(fs.readString(8)),
                            fs.readString(9)})
                    .build();
            String placeholders = String.join(", ", Collections.nCopies(BenchData.KEYS.size(), "?"));
            JdbcBatchItemWriter<Object[]> writer = new JdbcBatchItemWriterBuilder<Object[]>()
                    .dataSource(ds)
                    .sql("insert into " + table + " (" + BenchData.COLUMN_LIST + ") values (" + placeholders + ")")
                    .itemPreparedStatementSetter((item, ps) -> {
                        for (int i = 0; i < item.length; i++) {
                            ps.setObject(i + 1, item[i]);
                        }
                    })
                    .build();
            Step step = new StepBuilder("load", repository).<Object[], Object[]>chunk(CHUNK)
                    .reader(reader)
                    .writer(writer)
                    .transactionManager(new JdbcTransactionManager(ds))
                    .build();
            Job job = new JobBuilder("csv-to-postgres", repository).start(step).build();
            TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
            operator.setJobRepository(repository);
            operator.setJobRegistry(new MapJobRegistry());
            operator.afterPropertiesSet();

            long t0 = System.nanoTime();
            JobExecution execution = operator.start(job, new JobParameters());
            long t1 = System.nanoTime();
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("Spring Batch job ended " + execution.getStatus() + ": "
                        + execution.getAllFailureExceptions());
            }
            long written = execution.getStepExecutions().stream().mapToLong(StepExecution::getWriteCount).sum();
            Map<String, Object> r = Stages.timed(written, t0, heap, new LinkedHashMap<>());
            r.put("seconds", Stages.seconds(t1 - t0));
            r.put("rowsPerSecond", Math.round(written / ((t1 - t0) / 1e9)));
            r.put("tableRows", Pg.count(url, table));
            return r;
        }
    }
}
