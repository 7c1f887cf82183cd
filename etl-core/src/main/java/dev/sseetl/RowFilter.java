package dev.sseetl;

import java.util.Locale;

/** Which staged rows a preview or cursor shows. */
public enum RowFilter {
    ALL, VALID, INVALID;

    /** Parses {@code all|valid|invalid} (any case); null or blank means ALL. */
    public static RowFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ImportException.badRequest("filter must be one of all, valid, invalid; got '" + text + "'.");
        }
    }

    /** True when the row passes this filter. */
    public boolean accepts(StagedRow row) {
        return this == ALL || (this == VALID) == row.valid();
    }
}
