package dev.sseetl.internal;

import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.StagedRow;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReader;
import dev.sseetl.read.RowReaders;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.validate.RowValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Buffers one upload: {@code UPLOADED -> BUFFERING}, reads the stored file row by row on a reading thread of its own
 * ({@link RowPipe}) while the job's thread validates each row against the schema (with the host's rules) and stages
 * it, after its look-up values were answered in batches ({@link LookupBatcher}) when the schema has look-ups, reporting progress; then {@code BUFFERED} with a Completed snapshot. A broken file ends
 * {@code FAILED} with the reader's or validator's message; a cancel stops it between two rows (its thread is also
 * interrupted) and ends {@code CANCELLED}. Either way its staged rows and stored file are deleted.
 */
final class BufferingJob extends EngineJob {
    private static final Logger log = LoggerFactory.getLogger(BufferingJob.class);

    private final ReadOptions options;
    /** Rows staged so far; read and written by the job's thread only. */
    private long valid;
    private long invalid;
    /** The reader's row estimate as of the last rows handed over; read and written by the job's thread only. */
    private long estimatedRows = -1;

    BufferingJob(JobContext context, ImportJob job, Schema schema, ReadOptions options, JobHandle handle) {
        super(context, job, schema, handle);
        this.options = options;
    }

    @Override
    Phase phase() {
        return Phase.BUFFER;
    }

    @Override
    void work() {
        String id = job.id();
        ProgressReporter reporter = context.reporters().of(id, Phase.BUFFER, () -> estimatedRows);
        if (context.lifecycle().startBuffering(id).isEmpty()) {
            endCancelled(cancelReason(), reporter, null);
            return;
        }
        long started = System.nanoTime();
        try (RowReader reader = RowReaders.open(context.stores().files().localPath(id), job.format(), options)) {
            estimatedRows = reader.estimatedRows();
            reporter.start();
            RowValidator validator = RowValidator.forHeader(schema, reader.header(), id);
            try (StagingStore.Writer writer = context.stores().staging().open(id, schema.columns().size());
                 RowPipe pipe = RowPipe.start(reader, id)) {
                Consumer<StagedRow> stage = row -> {
                    writer.append(row);
                    if (row.valid()) {
                        valid++;
                    } else {
                        invalid++;
                    }
                    reporter.update(valid + invalid, valid, invalid);
                };
                LookupBatcher lookups = lookupsOf(schema, id, stage);
                RowPipe.Batch batch;
                while (!cancelled() && (batch = pipe.next(this::cancelled)) != null) {
                    if (batch.estimatedRows() >= 0) {
                        estimatedRows = batch.estimatedRows();
                    }
                    for (RowReader.SourceRow source : batch.rows()) {
                        if (cancelled()) {
                            break;
                        }
                        StagedRow row = validator.validate(source);
                        if (lookups == null) {
                            stage.accept(row);
                        } else {
                            lookups.accept(row);
                        }
                    }
                }
                if (handle.cancelled()) {
                    pipe.close(); // no reading thread outlives the job
                    handle.clearInterrupt();
                    endCancelled(cancelReason(), reporter, null);
                    return;
                }
                if (lookups != null) {
                    lookups.finish(); // the held rows, answered; dropped instead when cancelled (above)
                }
                writer.finish();
            }
        } catch (RuntimeException e) {
            if (handle.cancelled()) {
                handle.clearInterrupt();
                endCancelled(cancelReason(), reporter, null);
            } else {
                endFailed(ImportState.BUFFERING, messageOf(e), reporter, null);
            }
            return;
        }
        context.stores().files().delete(id); // staged now; the file is not needed any more
        if (!context.lifecycle().endBuffered(id, reporter)) {
            endCancelled(cancelReason(), reporter, null);
            return;
        }
        log.info("Import {} buffered {} rows ({} invalid) in {} ms", id, valid + invalid, invalid,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The batcher of the schema's look-up columns in front of {@code stage}, or null when it has none. */
    private static LookupBatcher lookupsOf(Schema schema, String id, Consumer<StagedRow> stage) {
        List<LookupBatcher.Column> columns = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            Column c = schema.columns().get(i);
            if (c.lookup() != null) {
                columns.add(new LookupBatcher.Column(i, c.key(), c.label(), c.lookup()));
            }
        }
        return columns.isEmpty() ? null : new LookupBatcher(id, columns, stage);
    }

    /** The message for the person importing: an ImportException's own; anything else logged once and summarised. */
    private String messageOf(RuntimeException e) {
        if (e instanceof ImportException ie && ie.getMessage() != null) {
            return ie.getMessage();
        }
        log.warn("Import {} failed unexpectedly while buffering", job.id(), e);
        return "The file could not be read because of an unexpected error on the server; try again, and if it "
                + "fails again, tell the site's administrators.";
    }
}
