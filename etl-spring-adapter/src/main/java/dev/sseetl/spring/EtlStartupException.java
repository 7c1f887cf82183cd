package dev.sseetl.spring;

/**
 * A start-up mistake in the app's sse-etl set-up that the auto-configuration finds, with what to do about it.
 * {@link EtlStartupFailureAnalyzer} turns it into Spring Boot's "APPLICATION FAILED TO START" report.
 */
final class EtlStartupException extends IllegalStateException {
    private final String description;
    private final String action;

    /**
     * @param description what is wrong, naming the schema or property concerned
     * @param action      what the developer can change to fix it
     * @param cause       the engine's own complaint, or {@code null}
     */
    EtlStartupException(String description, String action, Throwable cause) {
        super(description + " " + action, cause); // both, for logs that show no failure analysis
        this.description = description;
        this.action = action;
    }

    /** What is wrong, naming the schema or property concerned. */
    String description() {
        return description;
    }

    /** What the developer can change to fix the mistake. */
    String action() {
        return action;
    }
}
