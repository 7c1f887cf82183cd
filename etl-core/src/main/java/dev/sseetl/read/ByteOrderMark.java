package dev.sseetl.read;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A byte order mark at the start of a text file, which names its character set. */
public enum ByteOrderMark {
    /** EF BB BF. */
    UTF_8(StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF),
    /** FF FE. */
    UTF_16LE(StandardCharsets.UTF_16LE, 0xFF, 0xFE),
    /** FE FF. */
    UTF_16BE(StandardCharsets.UTF_16BE, 0xFE, 0xFF);

    private final Charset charset;
    private final int[] bytes;

    ByteOrderMark(Charset charset, int... bytes) {
        this.charset = charset;
        this.bytes = bytes;
    }

    /** The character set this mark announces. */
    public Charset charset() {
        return charset;
    }

    /** How many bytes the mark takes. */
    public int length() {
        return bytes.length;
    }

    /** The mark these first bytes of a file start with, if any. */
    public static Optional<ByteOrderMark> at(byte[] head) {
        for (ByteOrderMark mark : values()) {
            if (mark.startsOf(head)) {
                return Optional.of(mark);
            }
        }
        return Optional.empty();
    }

    private boolean startsOf(byte[] head) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
