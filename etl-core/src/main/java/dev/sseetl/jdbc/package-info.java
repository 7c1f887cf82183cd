/**
 * Stores that let several app nodes share imports through one database (PostgreSQL): job metadata
 * ({@link dev.sseetl.jdbc.JdbcImportRepository}), staged rows ({@link dev.sseetl.jdbc.JdbcStagingStore}), uploaded files
 * ({@link dev.sseetl.jdbc.JdbcFileStore}), progress with change notification across nodes
 * ({@link dev.sseetl.jdbc.PostgresProgressStore}) and confirmed column mappings
 * ({@link dev.sseetl.jdbc.JdbcMappingMemory}). Each creates its tables
 * when missing; every table name starts with a configurable prefix ({@code etl_} by default).
 */
package dev.sseetl.jdbc;
