package dev.sseetl;

/**
 * The outcome of editing one staged row.
 *
 * @param row     the row re-validated with the typed values ({@link StagedRow#edited()} true)
 * @param summary the import's counts after the edit (and the uniqueness re-checks it caused)
 */
public record RowEdit(StagedRow row, Summary summary) {
}
