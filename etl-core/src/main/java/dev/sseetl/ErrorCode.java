package dev.sseetl;

/** What went wrong, coarse enough for an adapter to map to a transport status (HTTP status in the servlet). */
public enum ErrorCode {
    /** The request is malformed or names an invalid option (HTTP 400). */
    BAD_REQUEST(400),
    /** No import or schema by that name for this caller; also used for another owner's import (HTTP 404). */
    NOT_FOUND(404),
    /** The import is not in a state that allows the operation, e.g. a second commit (HTTP 409). */
    CONFLICT(409),
    /** The upload arrived too slowly: past its deadline or below the minimum data rate (HTTP 408). */
    TIMEOUT(408),
    /** The upload or one of its parts is larger than a configured limit (HTTP 413). */
    TOO_LARGE(413),
    /** The file is neither CSV text nor an XLSX workbook (HTTP 415). */
    UNSUPPORTED_FILE(415),
    /** The file could be read but breaks a rule: a limit, a missing required column, bad encoding (HTTP 422). */
    INVALID_FILE(422),
    /** An unexpected failure inside the engine or one of its stores (HTTP 500). */
    INTERNAL(500),
    /** Too many uploads are being received right now; try again later (HTTP 503). */
    BUSY(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status an adapter should answer with. */
    public int httpStatus() {
        return httpStatus;
    }
}
