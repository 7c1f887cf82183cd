package dev.sseetl.spring;

import dev.sseetl.EngineHealth;
import dev.sseetl.EtlEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Objects;

/**
 * The Actuator health of sse-etl (contributor {@code etl}): UP when the engine's work folder is writable and every
 * store answers ({@link EtlEngine#health()}), DOWN otherwise; the details name each check and what it found.
 * Registered by {@link EtlAutoConfiguration} when Spring Boot 4's health module is on the classpath.
 */
public final class EtlHealthIndicator implements HealthIndicator {
    private final EtlEngine engine;

    /** The health of this engine. */
    public EtlHealthIndicator(EtlEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public Health health() {
        EngineHealth health = engine.health();
        return (health.up() ? Health.up() : Health.down()).withDetails(health.details()).build();
    }
}
