package dev.sseetl;

import java.util.Locale;

/** How a commit treats failures. */
public enum CommitMode {
    /** Invalid rows are skipped; valid rows go in chunks, each chunk its own transaction (the default). */
    VALID_ROWS,
    /** One transaction for every row; any failure writes nothing. */
    ALL_OR_NOTHING;

    /**
     * The mode named {@code text}, in any case, around blanks: {@code valid_rows} or {@code all_or_nothing}.
     *
     * @throws ImportException with {@link ErrorCode#BAD_REQUEST} for any other text (including null and blank)
     */
    public static CommitMode parse(String text) {
        String name = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (CommitMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw ImportException.badRequest("mode must be valid_rows or all_or_nothing; got '" + text + "'.");
    }
}
