package dev.sseetl;

/** The two stages that report progress. */
public enum Phase {
    /** Reading, converting, validating and staging the uploaded file. */
    BUFFER,
    /** Writing the valid staged rows to the commit target. */
    COMMIT;

    /** Lower-case name used on the wire ({@code buffer}, {@code commit}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
