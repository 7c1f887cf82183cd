package dev.sseetl.validate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * What happens when a host rule (transform, cell check, row rule) throws: the row gets {@code rule_failed} (done by
 * the caller) and the exception goes to the log once per rule and import with the import id, the later ones of the
 * same rule counted at debug level, so a broken rule in a million-row file writes one stack trace, not a million.
 */
final class HostRules {
    private static final Logger log = LoggerFactory.getLogger(HostRules.class);

    private final String importId;
    private final Set<String> logged = new HashSet<>();

    HostRules(String importId) {
        this.importId = importId == null ? "-" : importId;
    }

    /** Logs that {@code rule} threw on source row {@code row}. */
    void failed(String rule, long row, RuntimeException e) {
        if (logged.add(rule)) {
            log.warn("Import {}: the {} threw on row {}; the row is marked rule_failed and the import goes on"
                    + " (later failures of this rule are logged at debug level)", importId, rule, row, e);
        } else {
            log.debug("Import {}: the {} threw on row {}", importId, rule, row, e);
        }
    }
}
