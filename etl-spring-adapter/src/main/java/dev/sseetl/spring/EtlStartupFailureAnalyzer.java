package dev.sseetl.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link EtlStartupException} (no schema, a schema whose table has no DataSource to reach it) as Spring
 * Boot's "APPLICATION FAILED TO START" description and action, instead of a stack trace. Registered in
 * {@code META-INF/spring.factories}.
 */
final class EtlStartupFailureAnalyzer extends AbstractFailureAnalyzer<EtlStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EtlStartupException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
