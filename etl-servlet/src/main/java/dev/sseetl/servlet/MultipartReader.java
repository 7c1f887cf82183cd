package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A bounded, streaming {@code multipart/form-data} parser (RFC 7578) over a request body. Parts are read one after
 * the other; a part's body is an {@link InputStream} that ends at the next boundary, so a file part is piped to its
 * destination without ever being held whole in memory. Limits: the number of parts and the size of one part's
 * header block; both are refused as soon as they are crossed, before the rest of the body is read.
 */
final class MultipartReader {
    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final int maxParts;
    private final int maxHeaderBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private int parts;
    private boolean finished;
    private PartBody current;
    private boolean truncated;

    /**
     * @param in             the request body
     * @param boundary       the boundary from the Content-Type header
     * @param maxParts       most parts accepted
     * @param maxHeaderBytes largest header block of one part
     */
    MultipartReader(InputStream in, String boundary, int maxParts, int maxHeaderBytes) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxParts = maxParts;
        this.maxHeaderBytes = maxHeaderBytes;
        this.buf = new byte[Math.max(BUFFER, delimiter.length * 2)];
        // The body starts with "--boundary" without a CRLF before it: pretend there was one, so every delimiter
        // looks the same.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /**
     * The boundary parameter of a {@code multipart/form-data} content type, or null when the content type is not
     * multipart/form-data or has no valid boundary (RFC 2046: 1 to 70 characters).
     */
    static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /** One part: its form field name, the file name when it is a file, and its body (valid until the next call). */
    record Part(String name, String fileName, String contentType, InputStream body) {
        boolean isFile() {
            return fileName != null;
        }
    }

    /**
     * The next part, or null after the closing boundary. Skips whatever the previous part's body left unread.
     *
     * @throws ImportException BAD_REQUEST for a malformed body, TOO_LARGE when a limit is crossed
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.skipRest();
        } else {
            skipPreamble();
        }
        if (finished) {
            return null;
        }
        if (++parts > maxParts) {
            throw new ImportException(ErrorCode.TOO_LARGE,
                    "The upload has more than " + maxParts + " parts. Send the file, schema_name and a few fields only.");
        }
        String headers = readHeaderBlock();
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                fileName = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw ImportException.badRequest("A part of the upload has no form field name (Content-Disposition: form-data; name=...).");
        }
        current = new PartBody();
        return new Part(name, fileName, contentType, current);
    }

    /** True when the body ended before the closing boundary (the client sent less than it announced). */
    boolean truncated() {
        return truncated;
    }

    /** Reads a text part's body as UTF-8, refusing more than {@code maxBytes}. */
    static String readText(Part part, int maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        int n;
        while ((n = part.body().read(chunk)) >= 0) {
            if (out.size() + n > maxBytes) {
                throw new ImportException(ErrorCode.TOO_LARGE,
                        "The form field '" + part.name() + "' is longer than " + maxBytes + " bytes.");
            }
            out.write(chunk, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void skipPreamble() throws IOException {
        // Discard everything before the first delimiter (RFC 2046 preamble), bounded like a header block.
        long skipped = 0;
        while (true) {
            fill(delimiter.length);
            int at = indexOf(delimiter, pos, limit);
            if (at >= 0) {
                pos = at + delimiter.length;
                afterDelimiter();
                return;
            }
            if (eof) {
                throw ImportException.badRequest("The upload is not valid multipart/form-data: its boundary never appears.");
            }
            int keep = delimiter.length - 1;
            int drop = Math.max(0, limit - pos - keep);
            skipped += drop;
            pos += drop;
            if (skipped > maxHeaderBytes) {
                throw ImportException.badRequest("The upload is not valid multipart/form-data: no boundary in the first "
                        + maxHeaderBytes + " bytes.");
            }
        }
    }

    /** After a delimiter: "--" ends the body, CRLF starts the next part (linear white space before it is allowed). */
    private void afterDelimiter() throws IOException {
        fill(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return;
        }
        int padding = 0;
        while (true) {
            fill(2);
            if (limit - pos < 2) {
                throw ImportException.badRequest("The upload ended in the middle of a multipart boundary.");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return;
            }
            if ((buf[pos] == ' ' || buf[pos] == '\t') && ++padding < 256) {
                pos++;
                continue;
            }
            throw ImportException.badRequest("The upload is not valid multipart/form-data: a boundary line has extra characters.");
        }
    }

    private String readHeaderBlock() throws IOException {
        byte[] end = {'\r', '\n', '\r', '\n'};
        // A part may have no headers at all: then the block is just CRLF.
        fill(2);
        if (limit - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
            pos += 2;
            return "";
        }
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (true) {
            fill(end.length);
            int at = indexOf(end, pos, limit);
            int take = at >= 0 ? at - pos : Math.max(0, limit - pos - (end.length - 1));
            if (headers.size() + take > maxHeaderBytes) {
                throw new ImportException(ErrorCode.TOO_LARGE,
                        "A part header of the upload is larger than " + maxHeaderBytes + " bytes.");
            }
            headers.write(buf, pos, take);
            pos += take;
            if (at >= 0) {
                pos += end.length;
                return headers.toString(StandardCharsets.UTF_8);
            }
            if (eof) {
                throw ImportException.badRequest("The upload ended inside a part header.");
            }
        }
    }

    /** Reads from the request until at least {@code want} bytes are buffered after {@code pos}, or the end. */
    private void fill(int want) throws IOException {
        if (limit - pos >= want || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < want && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private int indexOf(byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * A parameter of a Content-Disposition value: {@code name="x"} or {@code name=x}; browsers escape a quote as
     * {@code %22} or {@code \"} (a backslash before anything else is kept, as in {@code C:\x}). {@code filename*} (RFC 5987)
     * wins over {@code filename}.
     */
    static String parameter(String headerValue, String key) {
        String plain = null;
        String extended = null;
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            int start = i + 1;
            while (start < headerValue.length() && headerValue.charAt(start) == ' ') {
                start++;
            }
            int eq = headerValue.indexOf('=', start);
            if (eq < 0) {
                break;
            }
            String k = headerValue.substring(start, eq).trim().toLowerCase(Locale.ROOT);
            int valueStart = eq + 1;
            String value;
            int next;
            if (valueStart < headerValue.length() && headerValue.charAt(valueStart) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = valueStart + 1;
                while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                    char c = headerValue.charAt(j);
                    if (c == '\\' && j + 1 < headerValue.length() && headerValue.charAt(j + 1) == '"') {
                        c = headerValue.charAt(++j); // only \" is an escape: Windows paths keep their backslashes
                    }
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                next = headerValue.indexOf(';', j);
            } else {
                next = headerValue.indexOf(';', valueStart);
                value = (next < 0 ? headerValue.substring(valueStart) : headerValue.substring(valueStart, next)).trim();
            }
            if (k.equals(key)) {
                plain = value;
            } else if (k.equals(key + "*")) {
                extended = decodeExtended(value);
            }
            i = next;
        }
        return extended != null ? extended : plain;
    }

    private static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The body of the current part: ends where the next delimiter starts. */
    private final class PartBody extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int at = indexOf(delimiter, pos, limit);
            int available;
            if (at >= 0) {
                available = at - pos;
            } else if (eof) {
                truncated = true;
                throw new IOException("The upload ended before its closing boundary; the file part is incomplete.");
            } else {
                available = limit - pos - (delimiter.length - 1);
            }
            if (available == 0 && at >= 0) {
                pos += delimiter.length;
                ended = true;
                afterDelimiter();
                return -1;
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[BUFFER];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
