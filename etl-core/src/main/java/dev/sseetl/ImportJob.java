package dev.sseetl;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of one import, as kept by an {@link dev.sseetl.spi.ImportRepository}. Immutable; stores copy it.
 *
 * @param id        128-bit random id, URL-safe
 * @param schema    the schema name
 * @param owner     who uploaded it (see {@link dev.sseetl.spi.ImportAccessPolicy})
 * @param fileName  the client's file name, for display only (never used as a path)
 * @param format    the format decided from the file's bytes
 * @param metadata  extra fields sent with the upload
 * @param state     lifecycle state
 * @param createdAt when it was uploaded
 * @param updatedAt when the state last changed
 * @param endedAt   when it reached a terminal state (or was buffered), else null; expiry counts from here
 * @param message   the failure or cancel message, else null
 */
public record ImportJob(String id, String schema, String owner, String fileName, FileFormat format,
                        Map<String, String> metadata, ImportState state, Instant createdAt, Instant updatedAt,
                        Instant endedAt, String message) {
    public ImportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(state, "state");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** This job in another state, stamped at {@code now}. */
    public ImportJob withState(ImportState newState, Instant now, String newMessage) {
        Instant ended = newState.isTerminal() || newState == ImportState.BUFFERED ? now : null;
        return new ImportJob(id, schema, owner, fileName, format, metadata, newState, createdAt, now, ended, newMessage);
    }
}
