package dev.sseetl.read;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a CSV file through commons-csv: charset from the byte order mark, else the declared one, else strict
 * UTF-8; delimiter detected from the header line; blank records skipped but counted, so row numbers are the ones a
 * spreadsheet shows.
 */
final class CsvRowReader implements RowReader {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final int SNIFF_CHARS = 64 * 1024;
    private static final Pattern START_LINE = Pattern.compile("\\(startline ([^)]*)\\)");
    private static final Pattern AT_LINE = Pattern.compile("at line: ([\\d,.\\u00a0\\u202f ]+)");

    private final Limits limits;
    private final long fileSize;
    private final int bomBytes;
    private final CountingInputStream counted;
    private final StrictTextReader text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long dataRows;
    private long lastRecordNumber;
    private long lastRecordPosition;
    private boolean finished;
    private boolean closed;

    CsvRowReader(Path file, ReadOptions options) throws IOException {
        this.limits = options.limits();
        this.fileSize = Files.size(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            raw.mark(4);
            byte[] head = raw.readNBytes(3);
            raw.reset();
            Optional<ByteOrderMark> mark = ByteOrderMark.at(head);
            Charset charset = mark.map(ByteOrderMark::charset)
                    .orElse(options.charset() == null ? StandardCharsets.UTF_8 : options.charset());
            bomBytes = mark.map(ByteOrderMark::length).orElse(0);
            raw.skipNBytes(bomBytes);
            counted = new CountingInputStream(raw);
            long maxRecordChars = Math.max(1L << 20, (long) limits.maxColumns() * (2L * limits.maxCellLength() + 3));
            text = new StrictTextReader(counted, charset, options.charset() != null && bomBytes == 0, maxRecordChars);
            BufferedReader buffered = new BufferedReader(text, SNIFF_CHARS);
            char delimiter = sniffDelimiter(buffered);
            CSVFormat format = CSVFormat.RFC4180.builder()
                    .setDelimiter(delimiter)
                    .setQuote('"')
                    .setIgnoreEmptyLines(false)
                    .setIgnoreSurroundingSpaces(false)
                    .setTrim(false)
                    .get();
            parser = format.parse(buffered);
            records = parser.iterator();
            header = readHeader();
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Picks the candidate delimiter seen most often outside quotes in the first non-empty line. */
    private static char sniffDelimiter(BufferedReader in) throws IOException {
        in.mark(SNIFF_CHARS);
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        boolean started = false;
        for (int i = 0; i < SNIFF_CHARS; i++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (started) {
                    break;
                }
                continue;
            }
            started = true;
            if (!quoted) {
                for (int d = 0; d < DELIMITERS.length; d++) {
                    if (c == DELIMITERS[d]) {
                        counts[d]++;
                    }
                }
            }
        }
        in.reset();
        int best = 0;
        for (int d = 1; d < DELIMITERS.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS[best];
    }

    private List<String> readHeader() {
        CSVRecord record;
        while ((record = nextRecord()) != null) {
            if (!isBlank(record)) {
                checkColumns(record);
                List<String> names = new ArrayList<>(record.size());
                for (int i = 0; i < record.size(); i++) {
                    String name = record.get(i);
                    checkCellLength(record, i, name);
                    names.add(name);
                }
                return Collections.unmodifiableList(names);
            }
        }
        return List.of();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() {
        if (closed) {
            throw new IllegalStateException("The reader is closed");
        }
        CSVRecord record;
        while ((record = nextRecord()) != null) {
            if (isBlank(record)) {
                continue;
            }
            if (++dataRows > limits.maxRows()) {
                throw ImportException.invalidFile("The file has more than " + limits.maxRows()
                        + " data rows (limit maxRows = " + limits.maxRows() + ").");
            }
            checkColumns(record);
            Object[] cells = new Object[record.size()];
            for (int i = 0; i < cells.length; i++) {
                String value = record.get(i);
                checkCellLength(record, i, value);
                cells[i] = value.isEmpty() ? null : value;
            }
            return new SourceRow(record.getRecordNumber(), Collections.unmodifiableList(java.util.Arrays.asList(cells)));
        }
        return null;
    }

    private CSVRecord nextRecord() {
        if (finished) {
            return null;
        }
        text.startRecord(parser.getCurrentLineNumber() + 1);
        try {
            if (!records.hasNext()) {
                finished = true;
                return null;
            }
            CSVRecord record = records.next();
            lastRecordNumber = record.getRecordNumber();
            lastRecordPosition = record.getCharacterPosition();
            return record;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw parseError(e);
        }
    }

    private ImportException parseError(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            message = message + " " + cause.getMessage();
        }
        Matcher start = START_LINE.matcher(message);
        if (start.find()) {
            return ImportException.invalidFile("A quoted field starting on line " + (lineNumber(start.group(1)))
                    + " is never closed: the file ends inside the quotes. Close the quote (\") or remove it.");
        }
        Matcher at = AT_LINE.matcher(message);
        if (at.find()) {
            return ImportException.invalidFile("Line " + lineNumber(at.group(1)) + " has text right after a closing"
                    + " quote (\"). A quote inside a quoted field must be doubled (\"\").");
        }
        return new ImportException(ErrorCode.INVALID_FILE, "The file could not be read as CSV near line "
                + (parser.getCurrentLineNumber() + 1) + ". Check its quotes (\") and save it again as CSV.", e);
    }

    /** The 1-based line in a commons-csv message, which formats numbers with grouping separators. */
    private static long lineNumber(String formatted) {
        String digits = formatted.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static boolean isBlank(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private void checkColumns(CSVRecord record) {
        if (record.size() > limits.maxColumns()) {
            throw ImportException.invalidFile("Row " + record.getRecordNumber() + " has " + record.size()
                    + " columns, more than the limit (maxColumns = " + limits.maxColumns() + ").");
        }
    }

    private void checkCellLength(CSVRecord record, int column, String value) {
        if (value.length() > limits.maxCellLength()) {
            throw ImportException.invalidFile("Row " + record.getRecordNumber() + ", column " + (column + 1)
                    + " has a cell of " + value.length() + " characters, more than the limit (maxCellLength = "
                    + limits.maxCellLength() + ").");
        }
    }

    @Override
    public long estimatedRows() {
        if (finished) {
            return dataRows;
        }
        if (lastRecordNumber < 2 || lastRecordPosition <= 0 || text.charsDecoded() == 0) {
            return -1;
        }
        double bytesPerChar = (double) counted.count() / text.charsDecoded();
        double charsInFile = (fileSize - bomBytes) / bytesPerChar;
        double charsPerRecord = (double) lastRecordPosition / (lastRecordNumber - 1);
        long estimate = Math.round(charsInFile / charsPerRecord) - 1;
        return Math.max(estimate, dataRows);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            parser.close();
        } catch (IOException e) {
            // closing a file we only read; nothing to recover
        }
    }
}
