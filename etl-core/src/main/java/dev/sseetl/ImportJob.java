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
 * @param fileName  the client's file name, for display only (never used as a path); the engine cleans it with
 *                  {@link #displayName(String)}
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
    /**
     * Most characters (code points) of a {@link #displayName(String) display name}: enough for any real file name,
     * short enough for a progress line, and within the 500 characters the JDBC repository stores.
     */
    public static final int MAX_FILE_NAME_LENGTH = 200;

    /** The display name of an upload whose client sent no usable file name. */
    public static final String UNNAMED_FILE = "upload";

    public ImportJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(state, "state");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * The client's file name as the engine keeps it, for display only: without any folder (the part after the last
     * {@code /} or {@code \}), without control characters, at most {@link #MAX_FILE_NAME_LENGTH} characters, trimmed.
     * No name, or nothing left ({@code ""}, {@code .}, {@code ..}), gives {@value #UNNAMED_FILE}. The one place this
     * rule lives: {@link EtlEngine#upload} applies it, so adapters pass the name as the client sent it.
     */
    public static String displayName(String clientFileName) {
        if (clientFileName == null) {
            return UNNAMED_FILE;
        }
        int folderEnd = Math.max(clientFileName.lastIndexOf('/'), clientFileName.lastIndexOf('\\'));
        StringBuilder kept = new StringBuilder();
        clientFileName.substring(folderEnd + 1).codePoints().filter(c -> !Character.isISOControl(c))
                .limit(MAX_FILE_NAME_LENGTH).forEach(kept::appendCodePoint);
        String clean = kept.toString().strip();
        return clean.isEmpty() || clean.equals(".") || clean.equals("..") ? UNNAMED_FILE : clean;
    }

    /** This job in another state, stamped at {@code now}. */
    public ImportJob withState(ImportState newState, Instant now, String newMessage) {
        Instant ended = newState.isTerminal() || newState == ImportState.BUFFERED ? now : null;
        return new ImportJob(id, schema, owner, fileName, format, metadata, newState, createdAt, now, ended, newMessage);
    }
}
