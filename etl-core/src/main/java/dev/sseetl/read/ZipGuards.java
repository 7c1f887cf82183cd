package dev.sseetl.read;

import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.poi.openxml4j.util.ZipEntrySource;
import org.apache.poi.openxml4j.util.ZipFileZipEntrySource;

import javax.xml.stream.XMLStreamException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;

/**
 * Zip-bomb guards for XLSX packages, enforced per read with the read's own {@link Limits}: a check of the central
 * directory before anything is inflated, then guards on every part's stream that watch the real inflated size and
 * ratio while the part is read. POI's own guards ({@code ZipSecureFile}) are JVM-wide settings; they are neither used
 * nor changed, so engines with different limits and the host's own POI use do not affect each other.
 */
final class ZipGuards {
    /** Parts smaller than this are never judged by their ratio (as POI's grace size). */
    private static final long GRACE_BYTES = 100 * 1024;

    private ZipGuards() {
    }

    /**
     * Checks entry count, declared sizes and declared inflate ratios, then returns the package's entries for
     * {@code OPCPackage.open}, each part's stream guarded by the limits. The caller closes the source (reverting the
     * package does).
     */
    static ZipEntrySource open(Path file, Limits limits) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setFile(file.toFile()).get();
        } catch (IOException e) {
            throw ImportException.invalidFile("The file is not a readable XLSX workbook (it is not a valid ZIP"
                    + " package). Open it in Excel and save it again as .xlsx.");
        }
        try {
            int entries = 0;
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                if (++entries > limits.maxZipEntries()) {
                    throw tooManyParts(limits);
                }
                int method = entry.getMethod();
                if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
                    // ECMA-376 packages are stored or deflated; other methods (zstd, xz, bzip2 ...) would load codecs
                    // that may not even be on the class path
                    throw ImportException.invalidFile("The workbook part " + entry.getName() + " is compressed with"
                            + " a method Excel never uses (ZIP method " + method + "). Open the file in Excel and"
                            + " save it again as .xlsx.");
                }
                long size = entry.getSize();
                if (size > limits.maxZipEntryBytes()) {
                    throw tooLarge(entry.getName(), limits);
                }
                long compressed = entry.getCompressedSize();
                if (size > GRACE_BYTES && compressed >= 0 && (double) compressed / size < limits.minInflateRatio()) {
                    throw bomb(entry.getName(), limits.minInflateRatio());
                }
            }
            return new GuardedSource(zip, limits);
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    static ImportException bomb(String part, double ratio) {
        return ImportException.invalidFile("The workbook looks like a zip bomb: its part " + part + " would inflate"
                + " more than the limit allows (minInflateRatio = " + ratio + "). If the file is genuine, ask for a"
                + " lower minInflateRatio.");
    }

    private static ImportException tooLarge(String part, Limits limits) {
        return ImportException.invalidFile("The workbook part " + part + " unpacks to more than "
                + limits.maxZipEntryBytes() + " bytes, more than the limit (maxZipEntryBytes = "
                + limits.maxZipEntryBytes() + ").");
    }

    private static ImportException tooManyParts(Limits limits) {
        return ImportException.invalidFile("The workbook package has more than " + limits.maxZipEntries()
                + " parts (limit maxZipEntries = " + limits.maxZipEntries() + ").");
    }

    /** The guard's refusal found anywhere in the cause chain (POI and StAX wrap it), or null when there is none. */
    static ImportException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof XMLStreamException x ? x.getNestedException() : null) {
            if (t instanceof Refused refused) {
                return refused.refusal;
            }
            if (t instanceof ImportException refusal) {
                return refusal;
            }
        }
        return null;
    }

    /** An I/O failure carrying the guard's refusal through POI and StAX, which wrap what a stream throws. */
    private static final class Refused extends IOException {
        final ImportException refusal;

        Refused(ImportException refusal) {
            super(refusal.getMessage());
            this.refusal = refusal;
        }
    }

    /** The package's entries, each part read through an {@link InflateGuard}. */
    private static final class GuardedSource extends ZipFileZipEntrySource {
        private final Limits limits;

        GuardedSource(ZipFile zip, Limits limits) {
            super(zip);
            this.limits = limits;
        }

        @Override
        public InputStream getInputStream(ZipArchiveEntry entry) throws IOException {
            return new InflateGuard(super.getInputStream(entry), entry.getName(), limits);
        }
    }

    /** Refuses a part whose inflated bytes pass maxZipEntryBytes or whose real ratio falls below minInflateRatio. */
    private static final class InflateGuard extends FilterInputStream {
        private final String part;
        private final Limits limits;
        private final InputStreamStatistics statistics;
        private long inflated;

        InflateGuard(InputStream in, String part, Limits limits) {
            super(in);
            this.part = part;
            this.limits = limits;
            this.statistics = in instanceof InputStreamStatistics s ? s : null;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                count(skipped);
            }
            return skipped;
        }

        private void count(long n) throws Refused {
            inflated += n;
            if (inflated > limits.maxZipEntryBytes()) {
                throw new Refused(tooLarge(part, limits));
            }
            if (inflated > GRACE_BYTES && statistics != null) {
                double ratio = (double) statistics.getCompressedCount() / inflated;
                if (ratio < limits.minInflateRatio()) {
                    throw new Refused(bomb(part, limits.minInflateRatio()));
                }
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
