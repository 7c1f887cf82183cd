package dev.sseetl.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * A text/event-stream parser that follows the WHATWG HTML standard ("Interpreting an event stream"): UTF-8, an
 * optional BOM, CRLF/LF/CR line ends, comments, the fields event/data/id/retry, dispatch on a blank line, a data
 * buffer's last LF removed, an id with NUL ignored, a retry that is not all digits ignored.
 */
final class SseParser {
    /** An item read from the stream: a dispatched event or a comment line. */
    record Item(String type, String data, String lastEventId, String comment) {
        boolean isComment() {
            return comment != null;
        }
    }

    private final Reader in;
    private boolean first = true;
    private int pushedBack = -2;
    private String eventType = "";
    private StringBuilder data = new StringBuilder();
    private String lastEventId = "";
    private Long retry;

    SseParser(InputStream stream) {
        this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
    }

    /** The reconnection time the stream set, or null. */
    Long retry() {
        return retry;
    }

    /** The next event or comment, or null when the stream ended (an unfinished event is discarded). */
    Item next() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data.length() == 0) {
                    eventType = "";
                    continue;
                }
                String d = data.charAt(data.length() - 1) == '\n' ? data.substring(0, data.length() - 1) : data.toString();
                Item item = new Item(eventType.isEmpty() ? "message" : eventType, d, lastEventId, null);
                data = new StringBuilder();
                eventType = "";
                return item;
            }
            if (line.startsWith(":")) {
                return new Item(null, null, lastEventId, line.substring(1).stripLeading());
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> eventType = value;
                case "data" -> data.append(value).append('\n');
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        retry = Long.parseLong(value);
                    }
                }
                default -> {
                    // ignored
                }
            }
        }
        return null;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = pushedBack != -2 ? pushedBack : in.read();
            pushedBack = -2;
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (c < 0) {
                return null; // an incomplete last line is not a line
            }
            if (c == '\n') {
                return sb.toString();
            }
            if (c == '\r') {
                int n = in.read();
                if (n != '\n') {
                    pushedBack = n;
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
    }
}
