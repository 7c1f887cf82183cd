package dev.sseetl.mapping;

import java.util.Locale;

/** How a file column came to be mapped to a schema column (the {@code how} of a suggestion). */
public enum MatchKind {
    /** The header is the column's key or one of its labels (compared normalised). */
    EXACT,
    /** The header is one of the column's aliases, or a built-in abbreviation of its key, label or alias. */
    ALIAS,
    /** The header is similar to the column's key, label or an alias; a person should confirm it. */
    FUZZY,
    /** The person who owns the import confirmed this mapping for the same header set before. */
    REMEMBERED,
    /** A person chose it. */
    MANUAL,
    /** The file column is not mapped (ignored). */
    NONE;

    /** The lower-case name used in JSON: {@code exact}, {@code alias}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
