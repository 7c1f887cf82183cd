package dev.sseetl.store;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * The rules every {@link dev.sseetl.spi.FileStore} applies to an upload, kept in one place: which import ids may name a
 * stored file, and how an upload is copied within its size limit (with the messages the person importing sees).
 */
public final class Uploads {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int BUFFER = 64 * 1024;

    private Uploads() {
    }

    /**
     * The id, checked: 1 to 128 letters, digits, {@code _} or {@code -}, so it can name a file and never a path.
     *
     * @throws IllegalArgumentException for any other id
     */
    public static String requireSafeId(String importId) {
        if (importId == null || !SAFE_ID.matcher(importId).matches()) {
            throw new IllegalArgumentException("Not an import id: " + importId);
        }
        return importId;
    }

    /**
     * Copies {@code content} to {@code out} through a small buffer, never more than {@code maxBytes}.
     *
     * @return the number of bytes copied
     * @throws ImportException TOO_LARGE (naming the limit) when the content is longer than {@code maxBytes}, and
     *                         BAD_REQUEST when reading the content fails (the upload broke off)
     * @throws IOException     when writing to {@code out} fails
     */
    public static long copy(InputStream content, long maxBytes, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        while (true) {
            int n;
            try {
                n = content.read(buffer);
            } catch (IOException e) {
                throw new ImportException(ErrorCode.BAD_REQUEST,
                        "The upload was interrupted before the whole file arrived; upload it again.", e);
            }
            if (n == -1) {
                return copied;
            }
            copied += n;
            if (copied > maxBytes) {
                throw new ImportException(ErrorCode.TOO_LARGE, "The file is larger than the limit of "
                        + describeBytes(maxBytes) + " (maxFileBytes). Split it into smaller files and upload them one by one.");
            }
            out.write(buffer, 0, n);
        }
    }

    /** A byte count in the largest whole unit, e.g. {@code 256 MB} or {@code 1500 bytes}. */
    static String describeBytes(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GB";
        }
        if (bytes >= (1L << 20) && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= (1L << 10) && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
