package dev.sseetl.servlet;

import dev.sseetl.ErrorCode;
import dev.sseetl.ImportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartReaderTest {
    private static final String B = "----sseetlBoundary7MA4YWxkTrZu0gW";

    private static byte[] body(String... partsAndBodies) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < partsAndBodies.length; i += 2) {
            sb.append("--").append(B).append("\r\n").append(partsAndBodies[i]).append("\r\n\r\n")
                    .append(partsAndBodies[i + 1]).append("\r\n");
        }
        return sb.append("--").append(B).append("--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MultipartReader reader(byte[] body) {
        return new MultipartReader(new ByteArrayInputStream(body), B, 32, 8192);
    }

    @Test
    void readsFieldsAndFileInOrder() throws IOException {
        MultipartReader r = reader(body(
                "Content-Disposition: form-data; name=\"schema_name\"", "user_schema",
                "Content-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv",
                "name,email\r\nAda,ada@example.com\r\n"));
        MultipartReader.Part first = r.next();
        assertThat(first.name()).isEqualTo("schema_name");
        assertThat(first.isFile()).isFalse();
        assertThat(MultipartReader.readText(first, 100)).isEqualTo("user_schema");
        MultipartReader.Part file = r.next();
        assertThat(file.fileName()).isEqualTo("people.csv");
        assertThat(file.contentType()).isEqualTo("text/csv");
        assertThat(new String(file.body().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("name,email\r\nAda,ada@example.com\r\n");
        assertThat(r.next()).isNull();
    }

    @Test
    void streamsABinaryFileThatContainsBoundaryLikeBytesExactly() throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        // Near-misses of the delimiter inside the content, split across buffer edges.
        byte[] nearMiss = ("\r\n--" + B.substring(0, B.length() - 1) + "X").getBytes(StandardCharsets.ISO_8859_1);
        for (int at = 16_000; at + nearMiss.length < content.length; at += 16_381) {
            System.arraycopy(nearMiss, 0, content, at, nearMiss.length);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.xlsx\"\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        MultipartReader r = new MultipartReader(new TrickleStream(body.toByteArray()), B, 32, 8192);
        MultipartReader.Part file = r.next();
        assertThat(file.body().readAllBytes()).isEqualTo(content);
        assertThat(r.next()).isNull();
    }

    @Test
    void skipsAPartBodyTheCallerDidNotRead() throws IOException {
        MultipartReader r = reader(body(
                "Content-Disposition: form-data; name=\"a\"", "x".repeat(50_000),
                "Content-Disposition: form-data; name=\"b\"", "second"));
        assertThat(r.next().name()).isEqualTo("a");
        MultipartReader.Part b = r.next();
        assertThat(MultipartReader.readText(b, 100)).isEqualTo("second");
    }

    @Test
    void refusesMorePartsThanTheLimitBeforeReadingTheRest() {
        String[] parts = new String[2 * 10_000];
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = "Content-Disposition: form-data; name=\"f" + i + "\"";
            parts[i + 1] = "v";
        }
        CountingStream in = new CountingStream(body(parts));
        MultipartReader r = new MultipartReader(in, B, 32, 8192);
        assertThatThrownBy(() -> {
            while (r.next() != null) {
                // keep reading
            }
        }).isInstanceOf(ImportException.class).hasMessageContaining("more than 32 parts")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(in.read).isLessThan(64 * 1024);
    }

    @Test
    void refusesAHugePartHeaderAfterReadingLittleMoreThanTheLimit() {
        byte[] body = body("Content-Disposition: form-data; name=\"x\"\r\nX-Pad: " + "a".repeat(1 << 20), "v");
        CountingStream in = new CountingStream(body);
        MultipartReader r = new MultipartReader(in, B, 32, 8192);
        assertThatThrownBy(r::next).isInstanceOf(ImportException.class)
                .hasMessageContaining("larger than 8192 bytes");
        assertThat(in.read).isLessThan(64 * 1024);
    }

    @Test
    void refusesATextFieldOverItsLimit() throws IOException {
        MultipartReader r = reader(body("Content-Disposition: form-data; name=\"note\"", "y".repeat(5000)));
        MultipartReader.Part note = r.next();
        assertThatThrownBy(() -> MultipartReader.readText(note, 1000)).isInstanceOf(ImportException.class)
                .hasMessageContaining("note").hasMessageContaining("1000");
    }

    @Test
    void reportsABodyThatEndsInsideTheFile() throws IOException {
        byte[] cut = ("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "name\r\nAda\r\n").getBytes(StandardCharsets.UTF_8);
        MultipartReader r = reader(cut);
        MultipartReader.Part file = r.next();
        assertThatThrownBy(() -> file.body().readAllBytes()).isInstanceOf(IOException.class);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void refusesABodyWithoutItsBoundary() {
        MultipartReader r = reader("just some text, no multipart".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(r::next).isInstanceOf(ImportException.class)
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void ignoresThePreambleAndReadsAnEmptyBody() throws IOException {
        byte[] body = ("preamble text\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--" + B
                + "--").getBytes(StandardCharsets.UTF_8);
        MultipartReader r = reader(body);
        MultipartReader.Part e = r.next();
        assertThat(MultipartReader.readText(e, 10)).isEmpty();
        assertThat(r.next()).isNull();
    }

    @Test
    void parsesTheBoundaryAndDispositionParameters() {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundaryOf("Multipart/Form-Data;charset=UTF-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.boundaryOf("application/json")).isNull();
        assertThat(MultipartReader.boundaryOf("multipart/form-data")).isNull();
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=" + "x".repeat(71))).isNull();
        assertThat(MultipartReader.parameter("form-data; name=\"file\"; filename=\"a;b \\\"c\\\".csv\"", "filename"))
                .isEqualTo("a;b \"c\".csv");
        assertThat(MultipartReader.parameter("form-data; name=file; filename*=UTF-8''na%C3%AFve.csv", "filename"))
                .isEqualTo("naïve.csv");
        assertThat(MultipartReader.parameter("form-data; name=\"file\"", "filename")).isNull();
        assertThat(MultipartReader.parameter("form-data; name=\"file\"; filename=\"C:\\dir\\x.csv\"", "filename"))
                .isEqualTo("C:\\dir\\x.csv");
    }

    /** Hands out the bytes in small, uneven reads, like a network. */
    private static final class TrickleStream extends ByteArrayInputStream {
        private int turn;

        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + (turn++ * 7919) % 4099));
        }
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }
    }
}
