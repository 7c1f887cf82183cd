package dev.sseetl.sse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseFramesTest {

    /** A minimal WHATWG event-stream parser: what a browser's EventSource makes of the bytes. */
    record Event(String id, String type, String data) {
    }

    static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        String lastId = null;
        String type = "";
        StringBuilder data = new StringBuilder();
        for (String line : stream.split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    String d = data.toString();
                    events.add(new Event(lastId, type.isEmpty() ? "message" : type, d.substring(0, d.length() - 1)));
                }
                data.setLength(0);
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data.append(value).append('\n');
                case "event" -> type = value;
                case "id" -> {
                    if (!value.contains("\u0000")) {
                        lastId = value;
                    }
                }
                default -> {
                }
            }
        }
        return events;
    }

    @Test
    void writesIdEventAndDataLinesEndedByABlankLine() {
        assertThat(SseFrames.event("7", "progress", "{\"a\":1}"))
                .isEqualTo("id: 7\nevent: progress\ndata: {\"a\":1}\n\n");
    }

    @Test
    void leavesOutIdAndEventWhenNull() {
        assertThat(SseFrames.event(null, null, "hi")).isEqualTo("data: hi\n\n");
        assertThat(parse(SseFrames.event(null, null, "hi"))).containsExactly(new Event(null, "message", "hi"));
    }

    @Test
    void splitsEveryKindOfLineBreakInDataIntoDataLinesThatTheClientJoinsBack() {
        String hostile = "line1\nline2\r\nline3\rline4\n\nid: 666\nevent: evil\n";
        String frame = SseFrames.event("1", "progress", hostile);
        assertThat(frame).doesNotContain("\r").endsWith("\n\n");
        assertThat(frame.split("\n\n", -1)).hasSize(2); // exactly one blank line: the end of the frame
        assertThat(parse(frame)).containsExactly(
                new Event("1", "progress", "line1\nline2\nline3\nline4\n\nid: 666\nevent: evil\n"));
    }

    @Test
    void keepsUnicodeLineSeparatorsWhichAreNotLineBreaksInAnEventStream() {
        String text = "a\u2028b\u2029c\u0085d";
        assertThat(parse(SseFrames.event("1", null, text))).containsExactly(new Event("1", "message", text));
    }

    @Test
    void keepsLeadingSpacesAndColonsOfData() {
        assertThat(parse(SseFrames.event("1", null, "  two spaces\n: not a comment")))
                .containsExactly(new Event("1", "message", "  two spaces\n: not a comment"));
    }

    @Test
    void stripsLineBreaksFromIdsAndEventNamesSoTheyCannotStartAnotherField() {
        String frame = SseFrames.event("1\r\ndata: injected\n", "progress\revent: other", "x");
        assertThat(frame).isEqualTo("id: 1data: injected\nevent: progressevent: other\ndata: x\n\n");
        assertThat(parse(frame)).containsExactly(new Event("1data: injected", "progressevent: other", "x"));
    }

    @Test
    void removesNulFromIdsSoTheClientKeepsTheId() {
        assertThat(parse(SseFrames.event("4\u00002", null, "x"))).containsExactly(new Event("42", "message", "x"));
    }

    @Test
    void nullDataIsAnEmptyDataLine() {
        assertThat(SseFrames.event("1", null, null)).isEqualTo("id: 1\ndata: \n\n");
    }

    @Test
    void commentsStayCommentsWhateverTheirText() {
        assertThat(SseFrames.comment("heartbeat")).isEqualTo(": heartbeat\n");
        assertThat(SseFrames.comment(null)).isEqualTo(":\n");
        String hostile = SseFrames.comment("a\ndata: injected\r\n\nb\rc");
        assertThat(hostile).isEqualTo(": a\n: data: injected\n: \n: b\n: c\n");
        assertThat(parse(hostile + SseFrames.event("1", null, "real"))).containsExactly(new Event("1", "message", "real"));
    }

    @Test
    void retryIsAFieldInMilliseconds() {
        assertThat(SseFrames.retry(3000)).isEqualTo("retry: 3000\n");
        assertThatThrownBy(() -> SseFrames.retry(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
