package dev.sseetl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an engine can work, from {@link EtlEngine#health()}: its work folder is writable and every store answers.
 *
 * @param up      true when every check passed
 * @param details one entry per check ({@code workDirectory}, {@code importRepository}, {@code progressStore},
 *                {@code stagingStore}, {@code fileStore}), in that order: what was found, or why it failed
 */
public record EngineHealth(boolean up, Map<String, String> details) {
    public EngineHealth {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }
}
