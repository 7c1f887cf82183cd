package dev.sseetl.read;

import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.poi.openxml4j.util.ZipSecureFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Zip-bomb guards for XLSX packages: a check of the central directory before anything is inflated, and POI's own
 * guards ({@link ZipSecureFile}), which watch the real inflated sizes while parts are read.
 */
final class ZipGuards {
    /** Parts smaller than this are never judged by their ratio (as POI's grace size). */
    private static final long GRACE_BYTES = 100 * 1024;
    /** POI warns above 4 GiB - 1; a part that large is refused long before by every sensible limit. */
    private static final long POI_MAX_ENTRY_SIZE = 0xFFFFFFFFL;

    private ZipGuards() {
    }

    /**
     * Checks entry count, declared sizes and declared inflate ratios, then applies the limits to POI's guards. POI
     * holds these JVM-wide, so every engine of one JVM should use the same XLSX limits.
     */
    static void check(Path file, Limits limits) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int entries = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (++entries > limits.maxZipEntries()) {
                    throw ImportException.invalidFile("The workbook package has more than " + limits.maxZipEntries()
                            + " parts (limit maxZipEntries = " + limits.maxZipEntries() + ").");
                }
                long size = entry.getSize();
                if (size > limits.maxZipEntryBytes()) {
                    throw ImportException.invalidFile("The workbook part " + entry.getName() + " unpacks to " + size
                            + " bytes, more than the limit (maxZipEntryBytes = " + limits.maxZipEntryBytes() + ").");
                }
                long compressed = entry.getCompressedSize();
                if (size > GRACE_BYTES && compressed >= 0 && (double) compressed / size < limits.minInflateRatio()) {
                    throw bomb(entry.getName(), limits.minInflateRatio());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw ImportException.invalidFile("The file is not a readable XLSX workbook (it is not a valid ZIP"
                    + " package). Open it in Excel and save it again as .xlsx.");
        }
        applyToPoi(limits);
    }

    private static synchronized void applyToPoi(Limits limits) {
        if (ZipSecureFile.getMinInflateRatio() != limits.minInflateRatio()) {
            ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
        }
        long entrySize = Math.min(limits.maxZipEntryBytes(), POI_MAX_ENTRY_SIZE);
        if (ZipSecureFile.getMaxEntrySize() != entrySize) {
            ZipSecureFile.setMaxEntrySize(entrySize);
        }
        if (ZipSecureFile.getMaxFileCount() != limits.maxZipEntries()) {
            ZipSecureFile.setMaxFileCount(limits.maxZipEntries());
        }
    }

    static ImportException bomb(String part, double ratio) {
        return ImportException.invalidFile("The workbook looks like a zip bomb: its part " + part + " would inflate"
                + " more than the limit allows (minInflateRatio = " + ratio + "). If the file is genuine, ask for a"
                + " lower minInflateRatio.");
    }

    /** Translates a POI zip guard failure found anywhere in the cause chain, or null when there is none. */
    static ImportException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            if (m.contains("MIN_INFLATE_RATIO")) {
                int at = m.lastIndexOf("Entry: ");
                return bomb(at < 0 ? "(unnamed)" : m.substring(at + 7).trim(), ZipSecureFile.getMinInflateRatio());
            }
            if (m.contains("MAX_ENTRY_SIZE")) {
                return ImportException.invalidFile("A workbook part unpacks to more bytes than the limit"
                        + " (maxZipEntryBytes = " + ZipSecureFile.getMaxEntrySize() + ").");
            }
            if (m.contains("MAX_FILE_COUNT")) {
                return ImportException.invalidFile("The workbook package has more parts than the limit"
                        + " (maxZipEntries = " + ZipSecureFile.getMaxFileCount() + ").");
            }
        }
        return null;
    }
}
