package dev.sseetl.mapping;

import dev.sseetl.mapping.CharsetDetection.Candidate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.sseetl.mapping.CharsetDetection.WINDOWS_1252;
import static org.assertj.core.api.Assertions.assertThat;

class CharsetDetectionTest {
    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void validUtf8IsUtf8Only() {
        byte[] utf8 = "Name,City\nJosé,Zürich € 10\n".getBytes(StandardCharsets.UTF_8);
        List<Candidate> candidates = CharsetDetection.candidates(utf8);
        assertThat(candidates).extracting(Candidate::charset).containsExactly(StandardCharsets.UTF_8);
        assertThat(candidates.get(0).text()).isEqualTo("Name,City\nJosé,Zürich € 10\n");
        assertThat(candidates.get(0).linesOutsideAscii(5)).containsExactly("José,Zürich € 10");
    }

    @Test
    void aSampleCutInsideACharacterIsStillUtf8() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
        byte[] text = "Price\n10 ".getBytes(StandardCharsets.UTF_8);
        assertThat(CharsetDetection.isUtf8(concat(text, Arrays.copyOf(euro, 1)))).isTrue();
        assertThat(CharsetDetection.isUtf8(concat(text, Arrays.copyOf(euro, 2)))).isTrue();
        assertThat(CharsetDetection.isUtf8(concat(text, bytes(0xE2, 0x41)))).as("a broken sequence").isFalse();
        assertThat(CharsetDetection.isUtf8(concat(text, bytes(0xC0)))).as("a byte that never starts one").isFalse();
    }

    @Test
    void windows1252BytesInTheC1RangeFavour1252() {
        // "Café – “quoted” 5 €" as Excel on Windows saves it: E9, 96 (en dash), 93/94 (curly quotes), 80 (euro)
        byte[] cp1252 = concat("Name,Note\nCaf".getBytes(StandardCharsets.US_ASCII),
                bytes(0xE9, ',', 0x96, ' ', 0x93, 'q', 0x94, ' ', '5', ' ', 0x80, '\n'));
        assertThat(CharsetDetection.isUtf8(cp1252)).isFalse();
        List<Candidate> candidates = CharsetDetection.candidates(cp1252);
        assertThat(candidates).extracting(Candidate::charset).containsExactly(WINDOWS_1252, StandardCharsets.ISO_8859_1);
        assertThat(candidates.get(0).text()).isEqualTo("Name,Note\nCafé,– “q” 5 €\n");
        assertThat(candidates.get(0).linesOutsideAscii(3)).containsExactly("Café,– “q” 5 €");
        assertThat(candidates.get(1).text()).startsWith("Name,Note\nCafé,\u0096 \u0093q\u0094");
    }

    @Test
    void aByteUndefinedIn1252FavoursIso88591() {
        byte[] latin1 = concat("Name\nM".getBytes(StandardCharsets.US_ASCII), bytes(0xFC, 'l', 'l', 'e', 'r', 0x81, '\n'));
        List<Candidate> candidates = CharsetDetection.candidates(latin1);
        assertThat(candidates).extracting(Candidate::charset).containsExactly(StandardCharsets.ISO_8859_1, WINDOWS_1252);
        assertThat(candidates.get(0).text()).isEqualTo("Name\nMüller\u0081\n");
    }

    @Test
    void withoutC1BytesBothDecodeAlikeAnd1252ComesFirst() {
        byte[] western = concat("Name\nJos".getBytes(StandardCharsets.US_ASCII), bytes(0xE9, '\n'));
        List<Candidate> candidates = CharsetDetection.candidates(western);
        assertThat(candidates).extracting(Candidate::charset).containsExactly(WINDOWS_1252, StandardCharsets.ISO_8859_1);
        assertThat(candidates).extracting(Candidate::text).containsOnly("Name\nJosé\n");
    }

    @Test
    void utf16IsKnownByItsByteOrderMark() {
        byte[] le = concat(bytes(0xFF, 0xFE), "Name\tCity\nJosé\tZürich".getBytes(StandardCharsets.UTF_16LE));
        assertThat(CharsetDetection.candidates(le)).singleElement().satisfies(c -> {
            assertThat(c.charset()).isEqualTo(StandardCharsets.UTF_16LE);
            assertThat(c.text()).isEqualTo("Name\tCity\nJosé\tZürich");
        });
        byte[] be = concat(bytes(0xFE, 0xFF), "Name\nJosé".getBytes(StandardCharsets.UTF_16BE));
        assertThat(CharsetDetection.candidates(be)).singleElement().satisfies(c -> {
            assertThat(c.charset()).isEqualTo(StandardCharsets.UTF_16BE);
            assertThat(c.text()).isEqualTo("Name\nJosé");
        });
        byte[] utf8Bom = concat(bytes(0xEF, 0xBB, 0xBF), "Name".getBytes(StandardCharsets.UTF_8));
        assertThat(CharsetDetection.candidates(utf8Bom)).extracting(Candidate::text).containsExactly("Name");
    }

    @Test
    void anEmptySampleIsUtf8() {
        assertThat(CharsetDetection.candidates(new byte[0])).extracting(Candidate::charset).containsExactly(StandardCharsets.UTF_8);
    }
}
