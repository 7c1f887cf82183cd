package dev.sseetl;

import dev.sseetl.schema.Schema;

import java.util.List;

/**
 * One page of the staging buffer plus summary counts and the schema's columns.
 *
 * @param job     the import
 * @param schema  its schema (for column metadata)
 * @param summary counts over the whole buffer
 * @param page    page number, from 1
 * @param size    page size
 * @param filter  which rows
 * @param rows    the rows of this page in source order
 */
public record Preview(ImportJob job, Schema schema, Summary summary, int page, int size, RowFilter filter,
                      List<StagedRow> rows) {
    public Preview {
        rows = List.copyOf(rows);
    }
}
