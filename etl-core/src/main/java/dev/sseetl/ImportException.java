package dev.sseetl;

/**
 * The one unchecked exception family of sse-etl. Its {@link #code()} tells adapters how to answer; its message is
 * written for the person who imports (no stack traces, no internal class names).
 */
public class ImportException extends RuntimeException {
    private final ErrorCode code;

    public ImportException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ImportException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The error code, which adapters map to a status. */
    public ErrorCode code() {
        return code;
    }

    /** No import with this id is visible to the caller. */
    public static ImportException notFound(String importId) {
        return new ImportException(ErrorCode.NOT_FOUND, "Import '" + importId + "' was not found.");
    }

    /** No schema with this name is registered. */
    public static ImportException unknownSchema(String schemaName) {
        return new ImportException(ErrorCode.NOT_FOUND, "Schema '" + schemaName + "' is not registered.");
    }

    /** The operation is not allowed in the import's current state. */
    public static ImportException conflict(String message) {
        return new ImportException(ErrorCode.CONFLICT, message);
    }

    /** A request argument is invalid. */
    public static ImportException badRequest(String message) {
        return new ImportException(ErrorCode.BAD_REQUEST, message);
    }

    /** The file breaks a rule (limit, encoding, missing column). */
    public static ImportException invalidFile(String message) {
        return new ImportException(ErrorCode.INVALID_FILE, message);
    }
}
