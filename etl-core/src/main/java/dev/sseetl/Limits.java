package dev.sseetl;

/**
 * Safety limits applied to every upload. Immutable; start from {@link #defaults()} and change what you need with
 * the {@code with...} methods, each of which validates its argument. A broken limit fails the import with a
 * message naming the limit and its value.
 *
 * @param maxFileBytes        largest accepted upload in bytes
 * @param maxRows             most data rows in one file
 * @param maxColumns          most columns in one row
 * @param maxCellLength       most characters in one cell
 * @param minInflateRatio     XLSX zip-bomb guard: smallest compressed/uncompressed ratio of any entry
 * @param maxZipEntries       XLSX: most entries in the package
 * @param maxZipEntryBytes    XLSX: largest uncompressed size of one package part
 * @param maxTextBytes        XLSX: largest shared-strings text in bytes
 */
public record Limits(long maxFileBytes, long maxRows, int maxColumns, int maxCellLength, double minInflateRatio,
                     int maxZipEntries, long maxZipEntryBytes, long maxTextBytes) {

    public Limits {
        positive("maxFileBytes", maxFileBytes);
        positive("maxRows", maxRows);
        positive("maxColumns", maxColumns);
        positive("maxCellLength", maxCellLength);
        if (!(minInflateRatio > 0 && minInflateRatio < 1)) {
            throw new IllegalArgumentException("minInflateRatio must be between 0 and 1 (exclusive), got " + minInflateRatio);
        }
        positive("maxZipEntries", maxZipEntries);
        positive("maxZipEntryBytes", maxZipEntryBytes);
        positive("maxTextBytes", maxTextBytes);
    }

    /**
     * 256 MiB files, 2,000,000 rows, 500 columns, 32,767 characters a cell (Excel's own limit), inflate ratio 0.01,
     * 1,000 zip entries, 4 GiB a part, 256 MiB of shared strings.
     */
    public static Limits defaults() {
        return new Limits(256L << 20, 2_000_000, 500, 32_767, 0.01, 1_000, 4L << 30, 256L << 20);
    }

    public Limits withMaxFileBytes(long v) {
        return new Limits(v, maxRows, maxColumns, maxCellLength, minInflateRatio, maxZipEntries, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMaxRows(long v) {
        return new Limits(maxFileBytes, v, maxColumns, maxCellLength, minInflateRatio, maxZipEntries, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMaxColumns(int v) {
        return new Limits(maxFileBytes, maxRows, v, maxCellLength, minInflateRatio, maxZipEntries, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMaxCellLength(int v) {
        return new Limits(maxFileBytes, maxRows, maxColumns, v, minInflateRatio, maxZipEntries, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMinInflateRatio(double v) {
        return new Limits(maxFileBytes, maxRows, maxColumns, maxCellLength, v, maxZipEntries, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMaxZipEntries(int v) {
        return new Limits(maxFileBytes, maxRows, maxColumns, maxCellLength, minInflateRatio, v, maxZipEntryBytes, maxTextBytes);
    }

    public Limits withMaxZipEntryBytes(long v) {
        return new Limits(maxFileBytes, maxRows, maxColumns, maxCellLength, minInflateRatio, maxZipEntries, v, maxTextBytes);
    }

    public Limits withMaxTextBytes(long v) {
        return new Limits(maxFileBytes, maxRows, maxColumns, maxCellLength, minInflateRatio, maxZipEntries, maxZipEntryBytes, v);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be greater than 0, got " + value);
        }
    }
}
