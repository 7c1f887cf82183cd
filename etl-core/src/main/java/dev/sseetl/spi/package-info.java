/**
 * Service-provider interfaces of the engine. Each has an in-memory or embedded default that
 * {@link dev.sseetl.EtlEngine#builder()} fills in; JDBC/Redis implementations let several nodes share imports.
 */
package dev.sseetl.spi;
