package dev.sseetl;

import java.util.Objects;

/**
 * Safety limits applied to every upload. Immutable; use {@link #defaults()}, or change what you need with
 * {@link #custom()} ({@code Limits.custom().maxRows(10_000).build()}) or {@link #toBuilder()}. Each setter of the
 * {@link Builder} checks its value at once ("maxRows must be greater than 0, got 0"), so a {@code Limits} is always
 * valid. A file that breaks a limit fails its import with a message naming the limit and its value.
 */
public final class Limits {
    private static final Limits DEFAULTS = new Builder().build();

    private final long maxFileBytes;
    private final long maxRows;
    private final int maxColumns;
    private final int maxCellLength;
    private final double minInflateRatio;
    private final int maxZipEntries;
    private final long maxZipEntryBytes;
    private final long maxTextBytes;

    private Limits(Builder b) {
        this.maxFileBytes = b.maxFileBytes;
        this.maxRows = b.maxRows;
        this.maxColumns = b.maxColumns;
        this.maxCellLength = b.maxCellLength;
        this.minInflateRatio = b.minInflateRatio;
        this.maxZipEntries = b.maxZipEntries;
        this.maxZipEntryBytes = b.maxZipEntryBytes;
        this.maxTextBytes = b.maxTextBytes;
    }

    /**
     * 256 MiB files, 2,000,000 rows, 500 columns, 32,767 characters a cell (Excel's own limit), inflate ratio 0.01,
     * 1,000 zip entries, 4 GiB a part, 256 MiB of shared strings.
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Largest accepted upload in bytes. */
    public long maxFileBytes() { return maxFileBytes; }

    /** Most data rows in one file. */
    public long maxRows() { return maxRows; }

    /** Most columns in one row. */
    public int maxColumns() { return maxColumns; }

    /** Most characters in one cell. */
    public int maxCellLength() { return maxCellLength; }

    /** XLSX zip-bomb guard: smallest compressed/uncompressed size ratio of any package entry. */
    public double minInflateRatio() { return minInflateRatio; }

    /** XLSX: most entries in the package. */
    public int maxZipEntries() { return maxZipEntries; }

    /** XLSX: largest uncompressed size of one package part, in bytes. */
    public long maxZipEntryBytes() { return maxZipEntryBytes; }

    /** XLSX: largest shared-strings text, in bytes. */
    public long maxTextBytes() { return maxTextBytes; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l && maxFileBytes == l.maxFileBytes && maxRows == l.maxRows
                && maxColumns == l.maxColumns && maxCellLength == l.maxCellLength
                && Double.compare(minInflateRatio, l.minInflateRatio) == 0 && maxZipEntries == l.maxZipEntries
                && maxZipEntryBytes == l.maxZipEntryBytes && maxTextBytes == l.maxTextBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxFileBytes, maxRows, maxColumns, maxCellLength, minInflateRatio, maxZipEntries,
                maxZipEntryBytes, maxTextBytes);
    }

    @Override
    public String toString() {
        return "Limits[maxFileBytes=" + maxFileBytes + ", maxRows=" + maxRows + ", maxColumns=" + maxColumns
                + ", maxCellLength=" + maxCellLength + ", minInflateRatio=" + minInflateRatio + ", maxZipEntries="
                + maxZipEntries + ", maxZipEntryBytes=" + maxZipEntryBytes + ", maxTextBytes=" + maxTextBytes + "]";
    }

    /** Builds {@link Limits}; every setter validates its value and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private long maxFileBytes = 256L << 20;
        private long maxRows = 2_000_000;
        private int maxColumns = 500;
        private int maxCellLength = 32_767;
        private double minInflateRatio = 0.01;
        private int maxZipEntries = 1_000;
        private long maxZipEntryBytes = 4L << 30;
        private long maxTextBytes = 256L << 20;

        private Builder() {
        }

        private Builder(Limits from) {
            this.maxFileBytes = from.maxFileBytes;
            this.maxRows = from.maxRows;
            this.maxColumns = from.maxColumns;
            this.maxCellLength = from.maxCellLength;
            this.minInflateRatio = from.minInflateRatio;
            this.maxZipEntries = from.maxZipEntries;
            this.maxZipEntryBytes = from.maxZipEntryBytes;
            this.maxTextBytes = from.maxTextBytes;
        }

        /** Largest accepted upload in bytes; greater than 0. */
        public Builder maxFileBytes(long maxFileBytes) {
            this.maxFileBytes = positive("maxFileBytes", maxFileBytes);
            return this;
        }

        /** Most data rows in one file; greater than 0. */
        public Builder maxRows(long maxRows) {
            this.maxRows = positive("maxRows", maxRows);
            return this;
        }

        /** Most columns in one row; greater than 0. */
        public Builder maxColumns(int maxColumns) {
            this.maxColumns = (int) positive("maxColumns", maxColumns);
            return this;
        }

        /** Most characters in one cell; greater than 0. */
        public Builder maxCellLength(int maxCellLength) {
            this.maxCellLength = (int) positive("maxCellLength", maxCellLength);
            return this;
        }

        /** XLSX zip-bomb guard: smallest compressed/uncompressed ratio of any entry; between 0 and 1 (exclusive). */
        public Builder minInflateRatio(double minInflateRatio) {
            if (!(minInflateRatio > 0 && minInflateRatio < 1)) {
                throw new IllegalArgumentException("minInflateRatio must be between 0 and 1 (exclusive), got "
                        + minInflateRatio);
            }
            this.minInflateRatio = minInflateRatio;
            return this;
        }

        /** XLSX: most entries in the package; greater than 0. */
        public Builder maxZipEntries(int maxZipEntries) {
            this.maxZipEntries = (int) positive("maxZipEntries", maxZipEntries);
            return this;
        }

        /** XLSX: largest uncompressed size of one package part in bytes; greater than 0. */
        public Builder maxZipEntryBytes(long maxZipEntryBytes) {
            this.maxZipEntryBytes = positive("maxZipEntryBytes", maxZipEntryBytes);
            return this;
        }

        /** XLSX: largest shared-strings text in bytes; greater than 0. */
        public Builder maxTextBytes(long maxTextBytes) {
            this.maxTextBytes = positive("maxTextBytes", maxTextBytes);
            return this;
        }

        /** The limits; always valid, since every setter checked its value. */
        public Limits build() {
            return new Limits(this);
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be greater than 0, got " + value);
            }
            return value;
        }
    }
}
