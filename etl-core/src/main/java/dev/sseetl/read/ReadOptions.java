package dev.sseetl.read;

import dev.sseetl.Limits;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * How to read one uploaded file.
 *
 * @param limits    the safety limits to enforce while reading (never null)
 * @param charset   the character set the upload declared for a CSV file; null means strict UTF-8 (with or without a
 *                  byte order mark), where any invalid byte sequence fails the import naming its line
 * @param sheetName the XLSX sheet to read; null means the first sheet of the workbook
 */
public record ReadOptions(Limits limits, Charset charset, String sheetName) {

    public ReadOptions {
        Objects.requireNonNull(limits, "limits must not be null");
    }

    /** Options with the given limits, strict UTF-8 for CSV and the first sheet for XLSX. */
    public static ReadOptions of(Limits limits) {
        return new ReadOptions(limits, null, null);
    }
}
