package dev.sseetl.sse;

import java.util.regex.Pattern;

/**
 * Frames of a {@code text/event-stream} as the WHATWG HTML standard defines it (section "Server-sent events"), with
 * no servlet type: an adapter writes the returned strings as UTF-8 and flushes. No value can break a frame: line
 * breaks (CR, LF, CRLF) inside data become several {@code data:} lines, which the client joins back with LF; they are
 * removed from ids, event names and comments' single lines; NUL is removed from ids (a client ignores such an id).
 */
public final class SseFrames {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private SseFrames() {
    }

    /**
     * One event, ended by the blank line that dispatches it.
     *
     * @param id        the {@code id:} field (the client's last event id), or null for none
     * @param eventName the {@code event:} field, or null for the default {@code message} event
     * @param data      the payload; null is sent as empty data
     * @return the frame, e.g. {@code "id: 3\nevent: progress\ndata: {...}\n\n"}
     */
    public static String event(String id, String eventName, String data) {
        StringBuilder frame = new StringBuilder(64 + (data == null ? 0 : data.length()));
        if (id != null) {
            frame.append("id: ").append(singleLine(id).replace("\u0000", "")).append('\n');
        }
        if (eventName != null) {
            frame.append("event: ").append(singleLine(eventName)).append('\n');
        }
        for (String line : LINE_BREAK.split(data == null ? "" : data, -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString();
    }

    /**
     * A comment (ignored by clients; used as a heartbeat that keeps proxies from closing an idle stream). Text with
     * line breaks becomes several comment lines.
     *
     * @param text the comment; null or empty gives a bare {@code ":"} line
     */
    public static String comment(String text) {
        if (text == null || text.isEmpty()) {
            return ":\n";
        }
        StringBuilder frame = new StringBuilder(text.length() + 8);
        for (String line : LINE_BREAK.split(text, -1)) {
            frame.append(": ").append(line).append('\n');
        }
        return frame.toString();
    }

    /**
     * The client's reconnection delay.
     *
     * @param millis zero or more milliseconds
     * @return {@code "retry: <millis>\n"}
     */
    public static String retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must be zero or more milliseconds, got " + millis);
        }
        return "retry: " + millis + "\n";
    }

    private static String singleLine(String value) {
        return LINE_BREAK.matcher(value).replaceAll("");
    }
}
