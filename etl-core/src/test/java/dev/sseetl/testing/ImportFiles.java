package dev.sseetl.testing;

import dev.sseetl.FileFormat;
import dev.sseetl.Limits;
import dev.sseetl.StagedRow;
import dev.sseetl.read.ReadOptions;
import dev.sseetl.read.RowReader;
import dev.sseetl.read.RowReaders;
import dev.sseetl.schema.Schema;
import dev.sseetl.validate.RowValidator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Imports a file the way the engine buffers it (real readers, real validator), without an engine. */
public final class ImportFiles {
    private ImportFiles() {
    }

    /** Every data row of {@code file}, converted and validated against {@code schema}. */
    public static List<StagedRow> stage(Schema schema, Path file) {
        FileFormat format = RowReaders.detect(file);
        try (RowReader reader = RowReaders.open(file, format, ReadOptions.of(Limits.defaults()))) {
            RowValidator validator = RowValidator.forHeader(schema, reader.header());
            List<StagedRow> rows = new ArrayList<>();
            for (RowReader.SourceRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(validator.validate(row));
            }
            return rows;
        }
    }
}
