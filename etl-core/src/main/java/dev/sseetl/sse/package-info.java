/**
 * Server-sent events framing with no servlet type: {@link dev.sseetl.sse.SseFrames} writes WHATWG event-stream
 * frames and {@link dev.sseetl.sse.ProgressEvents} turns progress snapshots into the wire payload.
 */
package dev.sseetl.sse;
