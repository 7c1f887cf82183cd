package dev.sseetl.servlet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sseetl.ImportException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fuzz target for the multipart parser: whatever the body, it yields parts or refuses the upload with an
 * {@link ImportException}; a body that ends before its closing boundary fails the file part's stream with an
 * {@link IOException}, as a broken connection does. Anything else, an out-of-memory or a hang is a finding.
 * {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/sseetl/servlet/MultipartReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes
 * (see docs/fuzzing.md).
 */
class MultipartReaderFuzzTest {
    private static final String BOUNDARY = "----sseetlFuzzBoundary";

    @FuzzTest(maxDuration = "3m")
    void multipartBody(byte[] body) {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, 32, 8192);
        try {
            MultipartReader.Part part;
            while ((part = reader.next()) != null) {
                if (part.isFile()) {
                    drain(part.body());
                } else {
                    MultipartReader.readText(part, 1024);
                }
            }
        } catch (ImportException refused) {
            // refused with a message for the person: the expected way to fail
        } catch (IOException truncated) {
            // the body ended before its closing boundary
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] chunk = new byte[4096];
        while (in.read(chunk, 0, chunk.length) >= 0) {
            // discard, as a file store would write it
        }
    }
}
