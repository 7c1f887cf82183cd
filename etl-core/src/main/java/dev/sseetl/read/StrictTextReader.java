package dev.sseetl.read;

import dev.sseetl.ImportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes text strictly: a byte sequence that is not valid in the charset fails with an {@link ImportException}
 * naming the physical line (1-based; CR, LF and CRLF each end a line), never a silent U+FFFD; so does a control
 * character ({@link ControlCharacters}), naming the line and column. Also guards against
 * runaway records (an unclosed quote swallowing the rest of a large file) by limiting the characters delivered
 * between two calls of {@link #startRecord(long)}.
 */
final class StrictTextReader extends Reader {
    private final InputStream in;
    private final Charset charset;
    private final boolean declared;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private final long maxRecordChars;
    private boolean eof;
    private boolean flushed;
    private long line = 1;
    private long column;
    private boolean lastWasCr;
    private long charsDecoded;
    private long charsSinceRecordStart;
    private long recordStartLine = 1;

    /**
     * @param declared       whether the uploader declared the charset (changes only the advice in error messages)
     * @param maxRecordChars most characters between two {@link #startRecord} calls before the file is refused
     */
    StrictTextReader(InputStream in, Charset charset, boolean declared, long maxRecordChars) {
        this.in = in;
        this.charset = charset;
        this.declared = declared;
        this.maxRecordChars = maxRecordChars;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Characters decoded so far (read ahead of the consumer by at most a buffer). */
    long charsDecoded() {
        return charsDecoded;
    }

    /** Tells the reader a new record starts around the given physical line. */
    void startRecord(long physicalLine) {
        charsSinceRecordStart = 0;
        recordStartLine = physicalLine;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, chars.remaining());
        chars.get(cbuf, off, n);
        charsSinceRecordStart += n;
        if (charsSinceRecordStart > maxRecordChars) {
            throw ImportException.invalidFile("The row starting near line " + recordStartLine + " is longer than "
                    + maxRecordChars + " characters, more than any row within the limits maxColumns and maxCellLength"
                    + " can be. Most likely a quote (\") opened on that line is never closed.");
        }
        return n;
    }

    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        try {
            while (true) {
                if (!eof && bytes.remaining() < bytes.capacity() / 2) {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
                int before = chars.position();
                CoderResult result = decoder.decode(bytes, chars, eof);
                countLines(before, chars.position());
                if (result.isError()) {
                    throw decodingError(result.length());
                }
                if (eof && !bytes.hasRemaining() && !flushed) {
                    before = chars.position();
                    decoder.flush(chars);
                    countLines(before, chars.position());
                    flushed = true;
                }
                if (chars.position() > 0 || result.isOverflow()) {
                    return true;
                }
                if (eof) {
                    return false;
                }
            }
        } finally {
            chars.flip();
        }
    }

    /** Counts lines and columns over the newly decoded characters, refusing control characters on the way. */
    private void countLines(int from, int to) {
        char[] a = chars.array();
        charsDecoded += to - from;
        for (int i = from; i < to; i++) {
            char c = a[i];
            if (c == '\n') {
                if (!lastWasCr) {
                    line++;
                }
                lastWasCr = false;
                column = 0;
            } else if (c == '\r') {
                line++;
                lastWasCr = true;
                column = 0;
            } else {
                lastWasCr = false;
                column++;
                if (ControlCharacters.isRefused(c)) {
                    throw ImportException.invalidFile("Line " + line + ", column " + column + " of the file holds "
                            + ControlCharacters.describe(c) + ", which no cell may contain. Remove it (it is often"
                            + " left by a program that exported the file) and upload the file again.");
                }
            }
        }
    }

    private ImportException decodingError(int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length && bytes.position() + i < bytes.limit(); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        String what = hex.length() == 0 ? "an incomplete character at the end" : "the byte(s) " + hex;
        String advice = declared
                ? "Check the character set the file was uploaded with."
                : "In Excel use File > Save As > \"CSV UTF-8\" and upload it again (a program sending the file can instead"
                + " name its character set in the charset field, for example windows-1252).";
        String name = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name();
        return ImportException.invalidFile("Line " + line + " of the file is not valid " + name + " text (" + what
                + "). " + advice);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
