package dev.sseetl.servlet;

import dev.sseetl.Limits;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link EtlServlet} talks HTTP: who owns a request, upload limits and progress-stream timing. Immutable; build
 * with {@link #builder()} (or change a copy with {@link #toBuilder()}); {@link Builder#build()} checks every value.
 *
 * <ul>
 *   <li>{@code ownerResolver}: who owns a request's imports (default: the principal's name, else {@code anonymous})</li>
 *   <li>{@code sseTimeout}: how long a progress stream may stay open (default 30 min); the client reconnects</li>
 *   <li>{@code heartbeatInterval}: a comment is sent when a stream was idle this long (default 15 s)</li>
 *   <li>{@code retry}: the reconnect delay sent to clients in the {@code retry:} field (default 2 s)</li>
 *   <li>{@code maxParts}: most multipart parts in one upload (default 32)</li>
 *   <li>{@code maxPartHeaderBytes}: largest header block of one part (default 8 KiB)</li>
 *   <li>{@code maxFieldBytes}: largest text field (default 64 KiB)</li>
 *   <li>{@code maxUploadBytes}: a request announcing a larger Content-Length is refused with 413 before reading
 *       (default: the engine's default file limit plus 1 MiB for the other parts); the engine's own file limit
 *       applies to the file part in any case; a body that turns out larger is cut with 413</li>
 *   <li>{@code maxConcurrentUploads}: uploads being received at once (default 64); one more is answered 503 with
 *       {@code Retry-After}. Keep it below the container's thread pool</li>
 *   <li>{@code uploadDeadline}: the longest an upload may take to arrive (default 10 min); then 408</li>
 *   <li>{@code uploadMinBytesPerSecond} over {@code uploadRateWindow}: an upload sending less than this on average
 *       over a window (default 1 KiB/s over 30 s) is cut with 408; 0 turns the check off</li>
 * </ul>
 */
public final class EtlServletOptions {
    private final OwnerResolver ownerResolver;
    private final Duration sseTimeout;
    private final Duration heartbeatInterval;
    private final Duration retry;
    private final int maxParts;
    private final int maxPartHeaderBytes;
    private final int maxFieldBytes;
    private final long maxUploadBytes;
    private final int maxConcurrentUploads;
    private final Duration uploadDeadline;
    private final long uploadMinBytesPerSecond;
    private final Duration uploadRateWindow;

    private EtlServletOptions(Builder b) {
        ownerResolver = Objects.requireNonNull(b.ownerResolver, "ownerResolver");
        sseTimeout = positive("sseTimeout", b.sseTimeout);
        heartbeatInterval = positive("heartbeatInterval", b.heartbeatInterval);
        retry = positive("retry", b.retry);
        if (b.maxParts < 2) {
            throw new IllegalArgumentException("maxParts must be at least 2 (schema_name and file), got " + b.maxParts);
        }
        if (b.maxPartHeaderBytes < 256) {
            throw new IllegalArgumentException("maxPartHeaderBytes must be at least 256, got " + b.maxPartHeaderBytes);
        }
        if (b.maxFieldBytes <= 0) {
            throw new IllegalArgumentException("maxFieldBytes must be greater than 0, got " + b.maxFieldBytes);
        }
        if (b.maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be greater than 0, got " + b.maxUploadBytes);
        }
        if (b.maxConcurrentUploads < 1) {
            throw new IllegalArgumentException("maxConcurrentUploads must be at least 1, got " + b.maxConcurrentUploads);
        }
        if (b.uploadMinBytesPerSecond < 0) {
            throw new IllegalArgumentException("uploadMinBytesPerSecond must be 0 (off) or more, got "
                    + b.uploadMinBytesPerSecond);
        }
        maxConcurrentUploads = b.maxConcurrentUploads;
        uploadDeadline = positive("uploadDeadline", b.uploadDeadline);
        uploadMinBytesPerSecond = b.uploadMinBytesPerSecond;
        uploadRateWindow = positive("uploadRateWindow", b.uploadRateWindow);
        maxParts = b.maxParts;
        maxPartHeaderBytes = b.maxPartHeaderBytes;
        maxFieldBytes = b.maxFieldBytes;
        maxUploadBytes = b.maxUploadBytes;
    }

    /** The defaults described on the class. */
    public static EtlServletOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().ownerResolver(ownerResolver).sseTimeout(sseTimeout).heartbeatInterval(heartbeatInterval)
                .retry(retry).maxParts(maxParts).maxPartHeaderBytes(maxPartHeaderBytes).maxFieldBytes(maxFieldBytes)
                .maxUploadBytes(maxUploadBytes).maxConcurrentUploads(maxConcurrentUploads)
                .uploadDeadline(uploadDeadline).uploadMinBytesPerSecond(uploadMinBytesPerSecond)
                .uploadRateWindow(uploadRateWindow);
    }

    /**
     * Defaults overridden by {@code sse-etl.*} parameters where set: {@code sse-timeout-seconds},
     * {@code heartbeat-seconds}, {@code max-parts}, {@code max-upload-bytes}, {@code max-concurrent-uploads},
     * {@code upload-deadline-seconds}, {@code upload-min-bytes-per-second}, {@code upload-rate-window-seconds}.
     */
    static EtlServletOptions fromParameters(Function<String, String> params) {
        Builder b = builder();
        Long v;
        if ((v = number(params, "sse-etl.sse-timeout-seconds")) != null) {
            b.sseTimeout(Duration.ofSeconds(v));
        }
        if ((v = number(params, "sse-etl.heartbeat-seconds")) != null) {
            b.heartbeatInterval(Duration.ofSeconds(v));
        }
        if ((v = number(params, "sse-etl.max-parts")) != null) {
            b.maxParts(Math.toIntExact(v));
        }
        if ((v = number(params, "sse-etl.max-upload-bytes")) != null) {
            b.maxUploadBytes(v);
        }
        if ((v = number(params, "sse-etl.max-concurrent-uploads")) != null) {
            b.maxConcurrentUploads(Math.toIntExact(v));
        }
        if ((v = number(params, "sse-etl.upload-deadline-seconds")) != null) {
            b.uploadDeadline(Duration.ofSeconds(v));
        }
        if ((v = number(params, "sse-etl.upload-min-bytes-per-second")) != null) {
            b.uploadMinBytesPerSecond(v);
        }
        if ((v = number(params, "sse-etl.upload-rate-window-seconds")) != null) {
            b.uploadRateWindow(Duration.ofSeconds(v));
        }
        return b.build();
    }

    private static Long number(Function<String, String> params, String key) {
        String text = params.apply(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
        }
    }

    private static Duration positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    /** Who owns a request's imports. */
    public OwnerResolver ownerResolver() {
        return ownerResolver;
    }

    /** How long a progress stream may stay open. */
    public Duration sseTimeout() {
        return sseTimeout;
    }

    /** A comment is sent when a stream was idle this long. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** The reconnect delay sent to clients. */
    public Duration retry() {
        return retry;
    }

    /** Most multipart parts in one upload. */
    public int maxParts() {
        return maxParts;
    }

    /** Largest header block of one part. */
    public int maxPartHeaderBytes() {
        return maxPartHeaderBytes;
    }

    /** Largest text field. */
    public int maxFieldBytes() {
        return maxFieldBytes;
    }

    /** Largest announced request size. */
    public long maxUploadBytes() {
        return maxUploadBytes;
    }

    /** Most uploads received at once. */
    public int maxConcurrentUploads() {
        return maxConcurrentUploads;
    }

    /** The longest an upload may take to arrive. */
    public Duration uploadDeadline() {
        return uploadDeadline;
    }

    /** The least average rate of an upload over {@link #uploadRateWindow()}; 0 when not checked. */
    public long uploadMinBytesPerSecond() {
        return uploadMinBytesPerSecond;
    }

    /** The window over which {@link #uploadMinBytesPerSecond()} is measured. */
    public Duration uploadRateWindow() {
        return uploadRateWindow;
    }

    @Override
    public String toString() {
        return "EtlServletOptions[sseTimeout=" + sseTimeout + ", heartbeatInterval=" + heartbeatInterval + ", retry="
                + retry + ", maxParts=" + maxParts + ", maxPartHeaderBytes=" + maxPartHeaderBytes + ", maxFieldBytes="
                + maxFieldBytes + ", maxUploadBytes=" + maxUploadBytes + ", maxConcurrentUploads=" + maxConcurrentUploads
                + ", uploadDeadline=" + uploadDeadline + ", uploadMinBytesPerSecond=" + uploadMinBytesPerSecond
                + ", uploadRateWindow=" + uploadRateWindow + "]";
    }

    /** Collects the options; each setter replaces one value, {@link #build()} checks them all. */
    public static final class Builder {
        private OwnerResolver ownerResolver = OwnerResolver.principalOrAnonymous();
        private Duration sseTimeout = Duration.ofMinutes(30);
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private Duration retry = Duration.ofSeconds(2);
        private int maxParts = 32;
        private int maxPartHeaderBytes = 8 * 1024;
        private int maxFieldBytes = 64 * 1024;
        private long maxUploadBytes = Limits.defaults().maxFileBytes() + (1 << 20);
        private int maxConcurrentUploads = 64;
        private Duration uploadDeadline = Duration.ofMinutes(10);
        private long uploadMinBytesPerSecond = 1024;
        private Duration uploadRateWindow = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Who owns a request's imports. */
        public Builder ownerResolver(OwnerResolver v) {
            ownerResolver = v;
            return this;
        }

        /** The longest life of a progress stream. */
        public Builder sseTimeout(Duration v) {
            sseTimeout = v;
            return this;
        }

        /** How long a stream may be idle before a heartbeat comment. */
        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        /** The reconnect delay for clients. */
        public Builder retry(Duration v) {
            retry = v;
            return this;
        }

        /** Most parts per upload (at least 2). */
        public Builder maxParts(int v) {
            maxParts = v;
            return this;
        }

        /** Largest part header (at least 256 bytes). */
        public Builder maxPartHeaderBytes(int v) {
            maxPartHeaderBytes = v;
            return this;
        }

        /** Largest text field. */
        public Builder maxFieldBytes(int v) {
            maxFieldBytes = v;
            return this;
        }

        /** Largest announced request size. */
        public Builder maxUploadBytes(long v) {
            maxUploadBytes = v;
            return this;
        }

        /** Most uploads received at once (at least 1); one more gets 503. */
        public Builder maxConcurrentUploads(int v) {
            maxConcurrentUploads = v;
            return this;
        }

        /** The longest an upload may take to arrive. */
        public Builder uploadDeadline(Duration v) {
            uploadDeadline = v;
            return this;
        }

        /** The least average upload rate over the window, 0 for no check. */
        public Builder uploadMinBytesPerSecond(long v) {
            uploadMinBytesPerSecond = v;
            return this;
        }

        /** The window of the minimum rate. */
        public Builder uploadRateWindow(Duration v) {
            uploadRateWindow = v;
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} naming the first value out of range. */
        public EtlServletOptions build() {
            return new EtlServletOptions(this);
        }
    }
}
