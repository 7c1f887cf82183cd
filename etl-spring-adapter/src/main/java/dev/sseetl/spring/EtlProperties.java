package dev.sseetl.spring;

import dev.sseetl.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code etl.*} settings of the sse-etl auto-configuration. Every default equals the one of the plain-Java
 * {@link dev.sseetl.EtlEngine.Builder}, so a Spring Boot app and a plain servlet app behave alike.
 */
@ConfigurationProperties("etl")
public class EtlProperties {

    /** Whether to set up the import engine and its servlet at all. */
    private boolean enabled = true;

    /** Path the import routes are served under (upload, buffer-progress, preview, commit, commit-progress, template). */
    private String basePath = "/api/etl";

    /**
     * Folder of schema files (*.json), as a Spring resource location such as "classpath:etl-schemas/" or
     * "file:/etc/myapp/schemas/". A missing folder at the default location is fine; schemas can also be beans.
     */
    private String schemasLocation = "classpath:etl-schemas/";

    /** Folder for uploaded files and staged rows; unset means a new temporary folder, deleted when the app stops. */
    private Path workDir;

    /**
     * Threads of the engine's own job pool. Used only when the app's task executor is not used (see
     * use-application-task-executor); unset means max(2, number of processors).
     */
    private Integer jobThreads;

    /** Whether background jobs run on the app's "applicationTaskExecutor" when there is one. */
    private boolean useApplicationTaskExecutor = true;

    /** How long an ended import (its file, staged rows and progress) is kept before it is deleted. */
    private Duration importTtl = Duration.ofHours(24);

    /** Least time between two stored progress updates of one import; final updates always go out. */
    private Duration progressInterval = Duration.ofMillis(100);

    private final LimitSettings limits = new LimitSettings();

    private final Sse sse = new Sse();

    private final UploadSettings uploads = new UploadSettings();

    public boolean isEnabled() { return enabled; }

    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    public String getBasePath() { return basePath; }

    public void setBasePath(String basePath) { this.basePath = basePath; }

    public String getSchemasLocation() { return schemasLocation; }

    public void setSchemasLocation(String schemasLocation) { this.schemasLocation = schemasLocation; }

    public Path getWorkDir() { return workDir; }

    public void setWorkDir(Path workDir) { this.workDir = workDir; }

    public Integer getJobThreads() { return jobThreads; }

    public void setJobThreads(Integer jobThreads) { this.jobThreads = jobThreads; }

    public boolean isUseApplicationTaskExecutor() { return useApplicationTaskExecutor; }

    public void setUseApplicationTaskExecutor(boolean use) { this.useApplicationTaskExecutor = use; }

    public Duration getImportTtl() { return importTtl; }

    public void setImportTtl(Duration importTtl) { this.importTtl = importTtl; }

    public Duration getProgressInterval() { return progressInterval; }

    public void setProgressInterval(Duration progressInterval) { this.progressInterval = progressInterval; }

    public LimitSettings getLimits() { return limits; }

    public Sse getSse() { return sse; }

    public UploadSettings getUploads() { return uploads; }

    /**
     * The servlet path pattern of the import routes: the base path without a trailing slash, plus {@code /*}.
     *
     * @throws IllegalStateException when the base path does not start with '/'
     */
    public String servletMapping() {
        String path = basePath == null ? "" : basePath.strip();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalStateException("etl.base-path must start with '/', got '" + basePath
                    + "'; use for example etl.base-path=/api/etl");
        }
        return path + "/*";
    }

    /** Safety limits applied to every upload ({@code etl.limits.*}). */
    public static class LimitSettings {
        /** Largest accepted file; a request larger than this plus 1 MiB (for the form fields) is refused at once. */
        private DataSize maxFileSize = DataSize.ofMegabytes(256);

        /** Most data rows in one file. */
        private long maxRows = 2_000_000;

        /** Most columns in one row. */
        private int maxColumns = 500;

        /** Most characters in one cell. */
        private int maxCellLength = 32_767;

        public DataSize getMaxFileSize() { return maxFileSize; }

        public void setMaxFileSize(DataSize maxFileSize) { this.maxFileSize = maxFileSize; }

        public long getMaxRows() { return maxRows; }

        public void setMaxRows(long maxRows) { this.maxRows = maxRows; }

        public int getMaxColumns() { return maxColumns; }

        public void setMaxColumns(int maxColumns) { this.maxColumns = maxColumns; }

        public int getMaxCellLength() { return maxCellLength; }

        public void setMaxCellLength(int maxCellLength) { this.maxCellLength = maxCellLength; }

        /** These settings over the engine's defaults (the XLSX zip-bomb guards keep their defaults). */
        public Limits toLimits() {
            return Limits.custom().maxFileBytes(maxFileSize.toBytes())
                    .maxRows(maxRows)
                    .maxColumns(maxColumns)
                    .maxCellLength(maxCellLength)
                    .build();
        }
    }

    /** The progress streams ({@code etl.sse.*}). */
    public static class Sse {
        /** Time between two comment lines sent while a progress stream is idle, to keep proxies from closing it. */
        private Duration heartbeat = Duration.ofSeconds(15);

        /** Longest time one progress stream stays open; the browser's EventSource reconnects after it. */
        private Duration asyncTimeout = Duration.ofMinutes(30);

        /** Reconnect delay sent to browsers in the stream's retry field. */
        private Duration retry = Duration.ofSeconds(2);

        public Duration getHeartbeat() { return heartbeat; }

        public void setHeartbeat(Duration heartbeat) { this.heartbeat = heartbeat; }

        public Duration getAsyncTimeout() { return asyncTimeout; }

        public void setAsyncTimeout(Duration asyncTimeout) { this.asyncTimeout = asyncTimeout; }

        public Duration getRetry() { return retry; }

        public void setRetry(Duration retry) { this.retry = retry; }
    }

    /** How uploads arrive ({@code etl.uploads.*}): slow or too many uploads cannot take the server's threads. */
    public static class UploadSettings {
        /** Most uploads received at once; one more is answered 503 with Retry-After. Keep it below the container's pool. */
        private int maxConcurrent = 64;

        /** Longest time one upload may take to arrive; then it is cut with 408. */
        private Duration deadline = Duration.ofMinutes(10);

        /** Least average data per second over the rate window; a slower upload is cut with 408 (0 turns it off). */
        private DataSize minRate = DataSize.ofKilobytes(1);

        /** The window over which the minimum rate is measured. */
        private Duration rateWindow = Duration.ofSeconds(30);

        public int getMaxConcurrent() { return maxConcurrent; }

        public void setMaxConcurrent(int maxConcurrent) { this.maxConcurrent = maxConcurrent; }

        public Duration getDeadline() { return deadline; }

        public void setDeadline(Duration deadline) { this.deadline = deadline; }

        public DataSize getMinRate() { return minRate; }

        public void setMinRate(DataSize minRate) { this.minRate = minRate; }

        public Duration getRateWindow() { return rateWindow; }

        public void setRateWindow(Duration rateWindow) { this.rateWindow = rateWindow; }
    }
}
