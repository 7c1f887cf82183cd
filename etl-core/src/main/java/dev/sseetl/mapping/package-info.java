/**
 * Matching a file's header to a schema: {@link dev.sseetl.mapping.MappingSuggester} proposes a
 * {@link dev.sseetl.mapping.ColumnMapping} (exact key or label, alias, built-in abbreviations, then fuzzy similarity),
 * finds the header row among a file's first rows and the best sheet of a workbook; a person's changes are applied and
 * checked with {@link dev.sseetl.mapping.ColumnMapping#withChanges}. {@link dev.sseetl.mapping.CharsetDetection}
 * proposes the character set of a CSV file that is not UTF-8.
 */
package dev.sseetl.mapping;
