package dev.sseetl.internal;

import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import dev.sseetl.read.ReadOptions;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** What an upload brings besides its bytes: the reading options in its metadata, its display name, a new id. */
final class UploadFields {
    /** Upload metadata key naming the CSV file's character set (default strict UTF-8). */
    static final String CHARSET_FIELD = "charset";
    /** Upload metadata key naming the XLSX sheet to read (default the first). */
    static final String SHEET_FIELD = "sheet";

    private static final SecureRandom RANDOM = new SecureRandom();

    private UploadFields() {
    }

    /**
     * The reading options the metadata asks for.
     *
     * @throws ImportException BAD_REQUEST for an unknown character set
     */
    static ReadOptions readOptions(Map<String, String> fields, Limits limits) {
        Charset charset = null;
        String charsetName = fields.get(CHARSET_FIELD);
        if (charsetName != null && !charsetName.isBlank()) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw ImportException.badRequest("The character set '" + charsetName
                        + "' is not known; leave it out for UTF-8 or name one such as windows-1252 or ISO-8859-1.");
            }
        }
        String sheet = fields.get(SHEET_FIELD);
        return new ReadOptions(limits, charset, sheet == null || sheet.isBlank() ? null : sheet);
    }

    /** A new 128-bit random import id, URL-safe. */
    static String newImportId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
