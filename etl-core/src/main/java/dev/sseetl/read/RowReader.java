package dev.sseetl.read;

import java.util.List;

/**
 * Streams the rows of one uploaded file, never holding the whole file in memory. The first row is the header.
 * Implementations enforce the {@link dev.sseetl.Limits} they were opened with and fail with an
 * {@link dev.sseetl.ImportException} whose message names the broken limit (or the bad line).
 */
public interface RowReader extends AutoCloseable {
    /** The header row's cells as text (row 1), or an empty list for an empty file. */
    List<String> header();

    /**
     * The next non-blank data row, or null at the end of the file.
     */
    SourceRow next();

    /**
     * Rows expected in all, known (XLSX dimension) or estimated (CSV bytes read so far against the file size);
     * -1 when nothing can be said yet. May change as reading goes on.
     */
    long estimatedRows();

    @Override
    void close();

    /**
     * One data row.
     *
     * @param row   the row number as a spreadsheet shows it (header = 1)
     * @param cells the cells in file order: String for CSV; for XLSX String, BigDecimal (numbers, without float
     *              noise), Boolean, or LocalDateTime (date-formatted cells); null for an empty cell
     */
    record SourceRow(long row, List<Object> cells) {
    }
}
