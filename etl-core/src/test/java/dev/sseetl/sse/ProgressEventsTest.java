package dev.sseetl.sse;

import dev.sseetl.CommitResult;
import dev.sseetl.Phase;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.ProgressStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressEventsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesTheBufferPayloadInTheDocumentedOrderWithoutNullMessageOrResult() {
        ProgressSnapshot s = new ProgressSnapshot("abc", Phase.BUFFER, 40, 100, ProgressStatus.PROCESSING, 38, 2, null, 5, null);
        assertThat(ProgressEvents.json(s)).isEqualTo(
                "{\"importId\":\"abc\",\"phase\":\"buffer\",\"processed\":40,\"total\":100,\"status\":\"Processing\","
                        + "\"valid\":38,\"invalid\":2}");
    }

    @Test
    void writesTheCommitResultWithEveryCount() {
        CommitResult result = new CommitResult(50_000, 0, 3, 49_997, 50, 50_001L, "duplicate key");
        ProgressSnapshot s = new ProgressSnapshot("abc", Phase.COMMIT, 50_000, 99_997, ProgressStatus.FAILED, 50_000, 3,
                "Row 50001: duplicate key.", 9, result);
        JsonNode node = JSON.readTree(ProgressEvents.json(s));
        assertThat(node.get("phase").asString()).isEqualTo("commit");
        assertThat(node.get("status").asString()).isEqualTo("Failed");
        assertThat(node.get("message").asString()).isEqualTo("Row 50001: duplicate key.");
        JsonNode r = node.get("result");
        assertThat(r.get("inserted").asLong()).isEqualTo(50_000);
        assertThat(r.get("updated").asLong()).isZero();
        assertThat(r.get("skipped").asLong()).isEqualTo(3);
        assertThat(r.get("failed").asLong()).isEqualTo(49_997);
        assertThat(r.get("committedChunks").asInt()).isEqualTo(50);
        assertThat(r.get("failedRow").asLong()).isEqualTo(50_001);
        assertThat(r.get("message").asString()).isEqualTo("duplicate key");
    }

    @Test
    void aSuccessfulCommitWritesNoFailedRowOrMessageAsNulls() {
        ProgressSnapshot s = new ProgressSnapshot("abc", Phase.COMMIT, 9, 9, ProgressStatus.COMPLETED, 9, 1, null, 4,
                new CommitResult(7, 2, 1, 0, 1, null, null));
        assertThat(ProgressEvents.json(s)).endsWith("\"result\":{\"inserted\":7,\"updated\":2,\"skipped\":1,"
                + "\"failed\":0,\"committedChunks\":1,\"failedRow\":null,\"message\":null}}")
                .doesNotContain("\"message\":null,");
    }

    @Test
    void hostileMessagesStayOnOneLineAndRoundTrip() {
        String message = "bad\nrow\r\n\u2028\u2029 \"quote\" \\ </script> \u0000 data: x";
        ProgressSnapshot s = new ProgressSnapshot("abc", Phase.BUFFER, 1, 1, ProgressStatus.FAILED, 0, 1, message, 3, null);
        String json = ProgressEvents.json(s);
        assertThat(json).doesNotContain("\n", "\r");
        assertThat(JSON.readTree(json).get("message").asString()).isEqualTo(message);
    }

    @Test
    void framesASnapshotAsAProgressEventWithItsVersionAsId() {
        ProgressSnapshot s = new ProgressSnapshot("abc", Phase.BUFFER, 100, 100, ProgressStatus.COMPLETED, 100, 0,
                "done\nreally", 12, null);
        String frame = ProgressEvents.frame(s);
        assertThat(frame).startsWith("id: 12\nevent: progress\ndata: {").endsWith("}\n\n");
        assertThat(SseFramesTest.parse(frame)).containsExactly(
                new SseFramesTest.Event("12", "progress", ProgressEvents.json(s)));
    }
}
