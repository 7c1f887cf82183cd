package dev.sseetl.internal;

import dev.sseetl.ImportException;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.StagedRow;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReader;
import dev.sseetl.read.RowReaders;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.StagingStore;
import dev.sseetl.validate.RowValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers one upload: {@code UPLOADED -> BUFFERING}, reads the stored file row by row on a reading thread of its own
 * ({@link RowPipe}) while the job's thread validates each row against the schema and stages it, reporting progress; then {@code BUFFERED} with a Completed snapshot. A broken file ends
 * {@code FAILED} with the reader's or validator's message; a cancel stops it between two rows (its thread is also
 * interrupted) and ends {@code CANCELLED}. Either way its staged rows and stored file are deleted.
 */
final class BufferingJob extends EngineJob {
    private static final Logger log = LoggerFactory.getLogger(BufferingJob.class);

    private final ReadOptions options;
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
        long valid = 0;
        long invalid = 0;
        try (RowReader reader = RowReaders.open(context.stores().files().localPath(id), job.format(), options)) {
            estimatedRows = reader.estimatedRows();
            reporter.start();
            RowValidator validator = RowValidator.forHeader(schema, reader.header());
            try (StagingStore.Writer writer = context.stores().staging().open(id, schema.columns().size());
                 RowPipe pipe = RowPipe.start(reader, id)) {
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
                        writer.append(row);
                        if (row.valid()) {
                            valid++;
                        } else {
                            invalid++;
                        }
                        reporter.update(valid + invalid, valid, invalid);
                    }
                }
                if (handle.cancelled()) {
                    pipe.close(); // no reading thread outlives the job
                    handle.clearInterrupt();
                    endCancelled(cancelReason(), reporter, null);
                    return;
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
