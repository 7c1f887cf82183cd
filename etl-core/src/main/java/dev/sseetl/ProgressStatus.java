package dev.sseetl;

/** The {@code status} field of the progress payload, spelled as the original design spells it. */
public enum ProgressStatus {
    PROCESSING("Processing"), COMPLETED("Completed"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String label;

    ProgressStatus(String label) {
        this.label = label;
    }

    /** The wire spelling: {@code Processing}, {@code Completed}, {@code Failed}, {@code Cancelled}. */
    public String label() {
        return label;
    }

    /** True when the stream ends after this status. */
    public boolean isFinal() {
        return this != PROCESSING;
    }
}
