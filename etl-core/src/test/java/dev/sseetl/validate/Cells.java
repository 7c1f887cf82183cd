package dev.sseetl.validate;

import dev.sseetl.CellError;
import dev.sseetl.StagedRow;
import dev.sseetl.read.RowReader.SourceRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test fixtures: one-column imports and rows. */
final class Cells {
    private Cells() {
    }

    /** A validator for a file whose only header cell is the column's label. */
    static RowValidator oneColumn(Column.Builder column) {
        Column built = column.build();
        return RowValidator.forHeader(Schema.named("test").column(built).build(), List.of(built.label()));
    }

    /** The staged row for a file with this column and this one cell (row 2). */
    static StagedRow stage(Column.Builder column, Object cell) {
        return oneColumn(column).validate(row(2, cell));
    }

    /** The converted value of this cell; fails when the cell is refused. */
    static Object value(Column.Builder column, Object cell) {
        StagedRow staged = stage(column, cell);
        if (!staged.valid()) {
            throw new AssertionError("expected a valid cell, got " + staged.errors());
        }
        return staged.values().get(0);
    }

    /** The one error of this cell; fails when the cell is accepted. */
    static CellError error(Column.Builder column, Object cell) {
        StagedRow staged = stage(column, cell);
        if (staged.errors().size() != 1) {
            throw new AssertionError("expected one error, got " + staged.errors() + " with value " + staged.values());
        }
        return staged.errors().get(0);
    }

    static SourceRow row(long number, Object... cells) {
        return new SourceRow(number, new ArrayList<>(Arrays.asList(cells)));
    }
}
