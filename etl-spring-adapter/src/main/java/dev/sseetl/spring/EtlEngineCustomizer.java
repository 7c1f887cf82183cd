package dev.sseetl.spring;

import dev.sseetl.EtlEngine;

/**
 * Adjusts the engine builder of the sse-etl auto-configuration before the engine is built: declare one or more as
 * beans (ordered by {@link org.springframework.core.annotation.Order @Order}) to set anything that has no
 * {@code etl.*} property, for example a custom access policy, a clock or schemas made at run time. Customizers run
 * after the properties, schemas and store beans were applied, so what they set wins.
 */
@FunctionalInterface
public interface EtlEngineCustomizer {

    /** Changes the builder in place. */
    void customize(EtlEngine.Builder builder);
}
