package dev.sseetl.internal;

import dev.sseetl.CommitMode;
import dev.sseetl.CommitOptions;
import dev.sseetl.CommitResult;
import dev.sseetl.ImportJob;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.Checkpoint;
import dev.sseetl.spi.ChunkKey;
import dev.sseetl.spi.CommitSession;
import dev.sseetl.spi.StagingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Commits one buffered import: streams its valid staged rows to the schema's target in chunks, one
 * {@link CommitSession#write} per chunk, reporting progress ({@code total} = valid rows, {@code processed} = rows
 * written). Ends {@code COMMITTED} with exact counts; on a target failure {@code FAILED} with the failing row, the
 * target's message and what was committed before it; on cancel (checked between chunks) {@code CANCELLED}. The session
 * is always closed, which rolls back whatever was not completed (everything, in {@link CommitMode#ALL_OR_NOTHING}).
 * Every chunk carries its {@link ChunkKey}; a commit retried after FAILED (or resumed elsewhere) starts after the
 * target's {@link Checkpoint}, and its counts include what earlier attempts committed.
 */
final class CommitJob extends EngineJob {
    private static final Logger log = LoggerFactory.getLogger(CommitJob.class);

    private final CommitOptions options;

    private long written;
    private long inserted;
    private long updated;
    private int chunks;

    CommitJob(JobContext context, ImportJob job, Schema schema, CommitOptions options, JobHandle handle) {
        super(context, job, schema, handle);
        this.options = options;
    }

    @Override
    Phase phase() {
        return Phase.COMMIT;
    }

    @Override
    void work() {
        String id = job.id();
        Summary summary = context.stores().staging().summary(id);
        long valid = summary.valid();
        long skipped = summary.invalid();
        boolean allOrNothing = options.mode() == CommitMode.ALL_OR_NOTHING;
        ProgressReporter reporter = context.reporters().of(id, Phase.COMMIT, () -> valid);
        long started = System.nanoTime();
        RuntimeException failure = null;
        boolean cancelled = false;
        Checkpoint done;
        try {
            done = schema.target().committed(id);
        } catch (RuntimeException e) {
            fail(id, e, valid, skipped, allOrNothing, reporter);
            return;
        }
        if (done.complete()) { // an earlier attempt's one transaction committed: every row is in
            int all = (int) ((valid + options.chunkSize() - 1) / options.chunkSize());
            CommitResult result = new CommitResult(done.inserted(), done.updated(), skipped, 0, all, null, null);
            reporter.update(valid, valid, skipped);
            if (!context.lifecycle().endCommitted(id, reporter, result)) {
                endCancelled(cancelReason(), reporter, result);
            }
            return;
        }
        written = done.rows();
        inserted = done.inserted();
        updated = done.updated();
        chunks = done.chunks();
        if (chunks > 0) {
            log.info("Import {} resumes its commit after {} committed chunks ({} rows)", id, chunks, written);
            reporter.updateNow(written, written, skipped);
        }
        try (CommitSession session = schema.target().open(schema, options.mode())) {
            try (StagingStore.Cursor rows = context.stores().staging().rows(id, RowFilter.VALID)) {
                for (long skip = 0; skip < written && rows.hasNext(); skip++) {
                    rows.next(); // committed by an earlier attempt
                }
                List<StagedRow> chunk = new ArrayList<>(Math.min(options.chunkSize(), 10_000));
                while (true) {
                    if (cancelled()) {
                        cancelled = true;
                        break;
                    }
                    chunk.clear();
                    while (chunk.size() < options.chunkSize() && rows.hasNext()) {
                        chunk.add(rows.next());
                    }
                    if (chunk.isEmpty()) {
                        break;
                    }
                    CommitSession.ChunkResult result = session.write(new ChunkKey(id, chunks), List.copyOf(chunk));
                    inserted += result.inserted();
                    updated += result.updated();
                    written += chunk.size();
                    chunks++;
                    if (allOrNothing) {
                        reporter.update(written, written, skipped);
                    } else {
                        reporter.updateNow(written, written, skipped); // committed: what stays if this node dies
                    }
                }
            }
            if (!cancelled) {
                session.complete();
            }
        } catch (RuntimeException e) {
            failure = e;
            cancelled = handle.cancelled() && !(e instanceof CommitSession.CommitFailure);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (cancelled) {
            CommitResult result = allOrNothing
                    ? new CommitResult(0, 0, skipped, valid, 0, null, null)
                    : new CommitResult(inserted, updated, skipped, valid - written, chunks, null, null);
            String reason = cancelReason() + (allOrNothing || written == 0
                    ? " Nothing was written."
                    : " " + written + " rows (" + chunks + (chunks == 1 ? " chunk" : " chunks")
                      + ") were already written and stay; the other " + (valid - written) + " valid rows were not.");
            endCancelled(reason, reporter, result);
            log.info("Import {} commit cancelled after {} rows in {} ms", id, written, millis);
        } else if (failure != null) {
            fail(id, failure, valid, skipped, allOrNothing, reporter);
        } else if (!context.lifecycle().endCommitted(id, reporter,
                new CommitResult(inserted, updated, skipped, 0, chunks, null, null))) {
            // cancelled after the last chunk: the rows are in, but the person asked to stop; report what happened
            endCancelled(cancelReason(), reporter, new CommitResult(inserted, updated, skipped, 0, chunks, null, null));
        } else {
            log.info("Import {} committed {} rows ({} inserted, {} updated, {} skipped) in {} ms", id, written,
                    inserted, updated, skipped, millis);
        }
    }

    private void fail(String id, RuntimeException failure, long valid, long skipped, boolean allOrNothing,
                      ProgressReporter reporter) {
        Long failedRow = null;
        if (failure instanceof CommitSession.CommitFailure cf && cf.row() >= 0) {
            failedRow = cf.row();
        }
        String targetMessage = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (!(failure instanceof CommitSession.CommitFailure)) {
            log.warn("Import {} failed while committing", id, failure);
        }
        CommitResult result = allOrNothing
                ? new CommitResult(0, 0, skipped, valid, 0, failedRow, targetMessage)
                : new CommitResult(inserted, updated, skipped, valid - written, chunks, failedRow, targetMessage);
        StringBuilder message = new StringBuilder();
        if (failedRow != null) {
            message.append("Row ").append(failedRow).append(": ");
        }
        message.append(targetMessage.strip());
        if (!targetMessage.strip().endsWith(".")) {
            message.append('.');
        }
        if (allOrNothing) {
            message.append(" Nothing was written (all or nothing).");
        } else if (chunks == 0) {
            message.append(" No rows were committed before it.");
        } else {
            message.append(' ').append(chunks).append(chunks == 1 ? " chunk (" : " chunks (").append(written)
                    .append(written == 1 ? " row) was" : " rows) were").append(" committed before it.");
        }
        endFailed(ImportState.COMMITTING, message.toString(), reporter, result);
    }
}
