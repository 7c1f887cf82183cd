package dev.sseetl.sse;

import dev.sseetl.CommitResult;
import dev.sseetl.ProgressSnapshot;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The progress payload on the wire. {@link #json} is one line of JSON:
 * <pre>{"importId":"..","phase":"buffer"|"commit","processed":0,"total":0,"status":"Processing"|"Completed"|"Failed"|"Cancelled",
 *  "valid":0,"invalid":0,"message":".."(omitted when null),
 *  "result":{"inserted":0,"updated":0,"skipped":0,"failed":0,"committedChunks":0,"failedRow":null,"message":null}(omitted when null)}</pre>
 * and {@link #frame} is that JSON as an SSE event named {@code progress} whose {@code id:} is the snapshot's version.
 */
public final class ProgressEvents {
    /** The SSE event name of progress frames. */
    public static final String EVENT_NAME = "progress";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProgressEvents() {
    }

    /** The snapshot as one line of JSON (strings escaped, so no raw line break can occur). */
    public static String json(ProgressSnapshot s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("importId", s.importId());
        node.put("phase", s.phase().wireName());
        node.put("processed", s.processed());
        node.put("total", s.total());
        node.put("status", s.status().label());
        node.put("valid", s.valid());
        node.put("invalid", s.invalid());
        if (s.message() != null) {
            node.put("message", s.message());
        }
        CommitResult r = s.result();
        if (r != null) {
            ObjectNode result = node.putObject("result");
            result.put("inserted", r.inserted());
            result.put("updated", r.updated());
            result.put("skipped", r.skipped());
            result.put("failed", r.failed());
            result.put("committedChunks", r.committedChunks());
            result.put("failedRow", r.failedRow());
            result.put("message", r.message());
        }
        return JSON.writeValueAsString(node);
    }

    /** The snapshot as a complete SSE frame: {@code id: <version>}, {@code event: progress}, {@code data: <json>}. */
    public static String frame(ProgressSnapshot s) {
        return SseFrames.event(Long.toString(s.version()), EVENT_NAME, json(s));
    }
}
