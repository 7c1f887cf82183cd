package dev.sseetl.read;

import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;

import java.nio.file.Path;

/**
 * Detects the format of an uploaded file from its bytes and opens a streaming {@link RowReader} over it.
 */
public final class RowReaders {

    private RowReaders() {
    }

    /**
     * Decides the format of a file from its bytes only, never from its name or a declared content type: a ZIP
     * package holding a workbook part ({@code xl/workbook.xml}) is {@link FileFormat#XLSX}; text is
     * {@link FileFormat#CSV}.
     *
     * @throws ImportException {@code UNSUPPORTED_FILE} when the file is neither (PDF, image, another ZIP, an old
     *                         binary .xls ...), {@code INVALID_FILE} when it cannot be read at all
     */
    public static FileFormat detect(Path file) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Opens a streaming reader over the file and reads its header row. The caller must close the reader; closing
     * it mid-way (cancel) releases the file.
     *
     * @throws ImportException {@code INVALID_FILE} naming the line or the limit when the file cannot be read within
     *                         the options' limits, {@code TOO_LARGE} when the file exceeds {@code maxFileBytes}
     */
    public static RowReader open(Path file, FileFormat format, ReadOptions options) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
