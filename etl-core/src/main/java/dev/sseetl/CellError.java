package dev.sseetl;

/**
 * A problem with one cell (or, with a null column, with the whole row).
 *
 * @param column  the schema column key, or null for a row-level error
 * @param code    a stable machine code such as {@code required}, {@code type}, {@code max_length}, {@code unique}
 * @param message a sentence for the person who imports
 */
public record CellError(String column, String code, String message) {
}
