package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Detects the format of an uploaded file from its bytes and opens a streaming {@link RowReader} over it.
 */
public final class RowReaders {
    private static final int SAMPLE_BYTES = 8192;

    private RowReaders() {
    }

    /**
     * Decides the format of a file from its bytes only, never from its name or a declared content type: a ZIP
     * package holding a workbook part ({@code xl/workbook.xml}) is {@link FileFormat#XLSX}; text (no NUL byte and
     * almost no control characters in its first 8 KB, or a UTF-16 byte order mark) is {@link FileFormat#CSV}.
     *
     * @throws ImportException {@code UNSUPPORTED_FILE} when the file is neither (PDF, image, another ZIP, an old
     *                         binary .xls ...), {@code INVALID_FILE} when it looks like a workbook but is damaged
     */
    public static FileFormat detect(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SAMPLE_BYTES);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.INTERNAL, "The uploaded file could not be read from storage.", e);
        }
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6) || startsWith(head, 'P', 'K', 7, 8)) {
            return detectZip(file);
        }
        if (startsWith(head, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw unsupported("it looks like an old Excel 97-2003 workbook (.xls) or a password-protected workbook;"
                    + " save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8");
        }
        if (ByteOrderMark.at(head).filter(mark -> mark != ByteOrderMark.UTF_8).isPresent()) {
            return FileFormat.CSV; // UTF-16 text with a byte order mark, as Excel's "Unicode Text"
        }
        String kind = knownBinary(head);
        if (kind != null) {
            throw unsupported("it looks like " + kind);
        }
        int controls = 0;
        for (byte b : head) {
            int c = b & 0xFF;
            if (c == 0) {
                throw unsupported("it holds binary data");
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1A) || c == 0x7F) {
                controls++;
            }
        }
        if (controls > head.length / 100) {
            throw unsupported("it holds binary data");
        }
        return FileFormat.CSV;
    }

    /**
     * Opens a streaming reader over the file and reads its header row. The caller must close the reader; closing
     * it mid-way (cancel) releases the file.
     *
     * @throws ImportException {@code INVALID_FILE} naming the line or the limit when the file cannot be read within
     *                         the options' limits, {@code TOO_LARGE} when the file exceeds {@code maxFileBytes}
     */
    public static RowReader open(Path file, FileFormat format, ReadOptions options) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(format, "format must not be null");
        Objects.requireNonNull(options, "options must not be null");
        try {
            long size = Files.size(file);
            long max = options.limits().maxFileBytes();
            if (size > max) {
                throw new ImportException(ErrorCode.TOO_LARGE, "The file is " + size + " bytes, larger than the limit"
                        + " (maxFileBytes = " + max + ").");
            }
            return switch (format) {
                case CSV -> new CsvRowReader(file, options);
                case XLSX -> XlsxRowReader.open(file, options);
            };
        } catch (IOException e) {
            throw new ImportException(ErrorCode.INTERNAL, "The uploaded file could not be read from storage.", e);
        }
    }

    private static FileFormat detectZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("xl/workbook.xml") != null) {
                return FileFormat.XLSX;
            }
            if (zip.getEntry("xl/workbook.bin") != null) {
                throw unsupported("it is an Excel Binary Workbook (.xlsb); save it as an Excel Workbook (.xlsx)");
            }
            if (zip.getEntry("word/document.xml") != null || zip.getEntry("ppt/presentation.xml") != null) {
                throw unsupported("it is a Word or PowerPoint document");
            }
            if (zip.getEntry("content.xml") != null) {
                throw unsupported("it is an OpenDocument file; save it as an Excel Workbook (.xlsx) or as CSV UTF-8");
            }
            throw unsupported("it is a ZIP archive that holds no Excel workbook");
        } catch (ZipException e) {
            throw ImportException.invalidFile("The file starts like an XLSX workbook (a ZIP archive) but is damaged."
                    + " Open it in Excel and save it again as .xlsx.");
        } catch (IOException e) {
            throw new ImportException(ErrorCode.INTERNAL, "The uploaded file could not be read from storage.", e);
        }
    }

    private static String knownBinary(byte[] head) {
        if (startsWith(head, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G')) {
            return "a PNG image";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return "a GIF image";
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "a gzip archive";
        }
        if (startsWith(head, 'R', 'a', 'r', '!') || startsWith(head, '7', 'z', 0xBC, 0xAF)) {
            return "a compressed archive";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static ImportException unsupported(String why) {
        return new ImportException(ErrorCode.UNSUPPORTED_FILE, "The file is neither a CSV text file nor an XLSX"
                + " workbook: " + why + ". Upload a .csv or .xlsx file.");
    }
}
