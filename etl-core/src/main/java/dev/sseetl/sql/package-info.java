/**
 * SQL identifier checks and quoting shared by every part of the engine that names a table or column
 * ({@code JdbcTable}, {@code JdbcLookup}); a leaf package that depends on nothing else of the engine.
 */
package dev.sseetl.sql;
