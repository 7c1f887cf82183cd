package dev.sseetl;

import java.util.Locale;

/** The two spreadsheet formats sse-etl reads and writes. */
public enum FileFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    private final String contentType;
    private final String extension;

    FileFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The media type to send with a file of this format. */
    public String contentType() {
        return contentType;
    }

    /** The file name extension without the dot. */
    public String extension() {
        return extension;
    }

    /** Parses {@code csv|xlsx} (any case); null or blank gives the fallback. */
    public static FileFormat parse(String text, FileFormat fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ImportException.badRequest("format must be csv or xlsx; got '" + text + "'.");
        }
    }
}
