package dev.sseetl.validate;

import dev.sseetl.StagedRow;
import dev.sseetl.read.RowReader;
import dev.sseetl.schema.Schema;

import java.util.List;

/**
 * Maps one file's header to a {@link Schema} and converts and validates its data rows. Create one per import with
 * {@link #forHeader(Schema, List)}; it remembers the values of unique columns seen so far in that file, in bounded
 * memory. Not thread-safe: feed it rows in file order from one thread.
 */
public final class RowValidator {

    private RowValidator() {
    }

    /**
     * A validator for a file with this header row.
     *
     * @throws dev.sseetl.ImportException INVALID_FILE when the header is empty, lacks required columns (all named
     *                                    by label), maps two cells to one column, or has unknown columns while the
     *                                    schema is strict
     */
    public static RowValidator forHeader(Schema schema, List<String> header) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Converts and checks one data row. The staged row's values and raw texts are aligned with
     * {@link Schema#columns()}; every problem becomes a {@link dev.sseetl.CellError}.
     */
    public StagedRow validate(RowReader.SourceRow row) {
        throw new UnsupportedOperationException("not yet");
    }
}
