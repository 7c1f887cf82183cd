package dev.sseetl;

/**
 * The outcome of replacing a cell text in one column of many staged rows.
 *
 * @param changed how many rows had the text and were changed
 * @param summary the import's counts afterwards
 */
public record Replacement(long changed, Summary summary) {
}
