/**
 * The host application's own rules for a schema: {@link dev.sseetl.rules.CellTransform}s that rewrite a cell's text
 * before it is converted, {@link dev.sseetl.rules.CellCheck}s on a converted value, {@link dev.sseetl.rules.RowRule}s
 * across the cells of a row, batched {@link dev.sseetl.rules.ValueLookup}s (with {@link dev.sseetl.rules.JdbcLookup}
 * built in) and an {@link dev.sseetl.rules.ImportListener} for the lifecycle of each import. Refusals are
 * {@link dev.sseetl.rules.Rejection}s, so they reach the preview exactly like the built-in ones.
 */
package dev.sseetl.rules;
