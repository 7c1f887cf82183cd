package dev.sseetl.mapping;

import dev.sseetl.read.ByteOrderMark;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The likely character set of a CSV file, from its first bytes ({@value #SAMPLE_BYTES} of them are enough). A byte
 * order mark decides (UTF-8, UTF-16 LE or BE); bytes that are valid UTF-8 are UTF-8; otherwise the file is a
 * single-byte Western text, Windows-1252 or ISO-8859-1. They differ only in bytes 0x80 to 0x9F, which 1252 uses for
 * letters and punctuation ({@code € ‚ „ … ‘ ’ “ ” – —}, ...) and 8859-1 for control characters nobody types: such
 * bytes, when all are defined in 1252, put 1252 first; one that 1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
 * 0x9D) puts ISO-8859-1 first. Without any, they decode alike and 1252 (what Excel on Windows writes) comes first.
 */
public final class CharsetDetection {
    /** How many of a file's first bytes to pass to {@link #candidates}. */
    public static final int SAMPLE_BYTES = 64 * 1024;
    /** Windows-1252 (Western European, Windows). */
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int[] UNDEFINED_IN_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

    private CharsetDetection() {
    }

    /**
     * One possible character set, and the sample decoded with it.
     *
     * @param charset the character set
     * @param text    the sample decoded with it, without its byte order mark; a byte it cannot decode is U+FFFD
     */
    public record Candidate(Charset charset, String text) {
        /** Up to {@code max} lines of {@link #text()} that hold a character outside ASCII: where candidates differ. */
        public List<String> linesOutsideAscii(int max) {
            return text.lines().filter(line -> line.chars().anyMatch(c -> c > 0x7F)).limit(max).toList();
        }
    }

    /**
     * The likely character sets of a file that starts with these bytes, most likely first: one when a byte order
     * mark names it or the bytes are valid UTF-8, else Windows-1252 and ISO-8859-1 in the order their bytes favour.
     */
    public static List<Candidate> candidates(byte[] head) {
        Optional<ByteOrderMark> mark = ByteOrderMark.at(head);
        if (mark.isPresent()) {
            byte[] text = Arrays.copyOfRange(head, mark.get().length(), head.length);
            return List.of(new Candidate(mark.get().charset(), new String(text, mark.get().charset())));
        }
        if (isUtf8(head)) {
            return List.of(new Candidate(StandardCharsets.UTF_8, new String(head, StandardCharsets.UTF_8)));
        }
        boolean favours1252 = true;
        for (byte b : head) {
            int c = b & 0xFF;
            if (c >= 0x80 && c <= 0x9F && Arrays.stream(UNDEFINED_IN_1252).anyMatch(u -> u == c)) {
                favours1252 = false;
                break;
            }
        }
        Candidate windows = new Candidate(WINDOWS_1252, new String(head, WINDOWS_1252));
        Candidate latin1 = new Candidate(StandardCharsets.ISO_8859_1, new String(head, StandardCharsets.ISO_8859_1));
        return favours1252 ? List.of(windows, latin1) : List.of(latin1, windows);
    }

    /**
     * True when these bytes are valid UTF-8; a sequence cut short by the end of the sample (at most 3 bytes) is
     * allowed, as the sample may end inside a character.
     */
    public static boolean isUtf8(byte[] head) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out, false);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return in.remaining() < 4 && tailIsAPrefix(in);
            }
            out.clear();
        }
    }

    /** The bytes left (fewer than 4) start a multi-byte UTF-8 sequence properly. */
    private static boolean tailIsAPrefix(ByteBuffer rest) {
        if (!rest.hasRemaining()) {
            return true;
        }
        byte[] tail = new byte[rest.remaining()];
        rest.get(tail);
        int lead = tail[0] & 0xFF;
        int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
        if (length == 0 || tail.length >= length) {
            return false;
        }
        // Pad with continuation bytes and let the decoder judge the whole sequence.
        byte[] padded = Arrays.copyOf(tail, length);
        Arrays.fill(padded, tail.length, length, (byte) 0x80);
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(padded));
            return true;
        } catch (CharacterCodingException e) {
            // 0x80 padding makes an overlong or surrogate sequence when the lead bytes say so; try the top instead
            Arrays.fill(padded, tail.length, length, (byte) 0xBF);
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(padded));
                return true;
            } catch (CharacterCodingException again) {
                return false;
            }
        }
    }
}
