/** Progress of imports: the default in-memory {@link dev.sseetl.spi.ProgressStore}. */
package dev.sseetl.progress;
