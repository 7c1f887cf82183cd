package dev.sseetl.internal;

import dev.sseetl.EngineHealth;
import dev.sseetl.Phase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Checks that an engine can work: a file can be written to and deleted from its work folder, and every store answers
 * a read of an import id that no import has (the file store: a delete of it). Never throws; each failure is named.
 */
final class EngineHealthCheck {
    /** Not an import id: those are 22 URL-safe base64 characters. */
    private static final String PROBE = "sse-etl-health-probe";

    private EngineHealthCheck() {
    }

    static EngineHealth check(Path work, ImportStores stores) {
        Map<String, String> details = new LinkedHashMap<>();
        boolean up = passes(details, "workDirectory", () -> {
            Path probe = Files.createTempFile(work, ".health-", ".tmp");
            Files.delete(probe);
            return "writable: " + work;
        });
        up &= passes(details, "importRepository", () -> {
            stores.repository().find(PROBE);
            return reachable(stores.repository());
        });
        up &= passes(details, "progressStore", () -> {
            stores.progress().get(PROBE, Phase.BUFFER);
            return reachable(stores.progress());
        });
        up &= passes(details, "stagingStore", () -> {
            stores.staging().summary(PROBE);
            return reachable(stores.staging());
        });
        up &= passes(details, "fileStore", () -> {
            stores.files().delete(PROBE);
            return reachable(stores.files());
        });
        return new EngineHealth(up, details);
    }

    private static boolean passes(Map<String, String> details, String name, Callable<String> check) {
        try {
            details.put(name, check.call());
            return true;
        } catch (Exception e) {
            details.put(name, "failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        }
    }

    private static String reachable(Object store) {
        return "reachable: " + store.getClass().getSimpleName();
    }
}
