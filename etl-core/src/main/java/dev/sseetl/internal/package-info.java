/**
 * Internal: not API, may change without notice. The engine behind {@link dev.sseetl.EtlEngine#builder()} and its
 * background jobs; only the root package {@code dev.sseetl} may use these types (checked by ArchUnit), and the
 * Javadoc leaves this package out.
 */
package dev.sseetl.internal;
