package dev.sseetl.internal;

import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.Phase;
import dev.sseetl.Replacement;
import dev.sseetl.RowEdit;
import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.textFile;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineEditTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private final MemoryTable table = new MemoryTable();
    private EtlEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private String buffered(Path file) {
        if (engine == null) {
            engine = EtlEngine.builder().schema(people().withTarget(table)).workDirectory(work)
                    .progressInterval(Duration.ZERO).build();
        }
        String id = upload(engine, file);
        awaitState(engine, id, ImportState.BUFFERED);
        return id;
    }

    private StagedRow row(String id, long row) {
        return engine.preview(id, OWNER, 1, 500, RowFilter.ALL).rows().stream().filter(r -> r.row() == row)
                .findFirst().orElseThrow();
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (ImportException e) {
            return e.code();
        }
        throw new AssertionError("no ImportException");
    }

    @Test
    void anEditedCellGoesThroughTheFilesRulesAndTheEditedValueIsCommitted() {
        String id = buffered(peopleCsv(files, 100, 10)); // rows 2, 12, ... have age -1
        RowEdit wrong = engine.editRow(id, OWNER, 2, Map.of("age", "abc"));
        assertThat(wrong.row().valid()).isFalse();
        assertThat(wrong.row().errors()).extracting(e -> e.column()).containsExactly("age");
        assertThat(wrong.row().edited()).isTrue();

        RowEdit fixed = engine.editRow(id, OWNER, 2, Map.of("age", " 42 ", "name", "Ada"));
        assertThat(fixed.row().valid()).isTrue();
        assertThat(fixed.row().values().get(2)).isEqualTo(42L);
        assertThat(fixed.row().raw().get(0)).isEqualTo("Ada");
        assertThat(fixed.summary()).isEqualTo(new Summary(100, 91, 9, 0));
        assertThat(engine.preview(id, OWNER, 1, 10, RowFilter.VALID).rows().get(0)).isEqualTo(fixed.row());

        engine.commit(id, OWNER, CommitOptions.defaults());
        awaitState(engine, id, ImportState.COMMITTED);
        assertThat(table.rows.values()).anySatisfy(values -> assertThat(values).containsSequence("Ada", "p0@example.com", 42L));
        assertThat(table.size()).isEqualTo(91);
        assertThat(codeOf(() -> engine.editRow(id, OWNER, 3, Map.of("age", "1")))).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf(() -> engine.removeRow(id, OWNER, 3))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void unknownRowsColumnsImportsAndOtherOwnersAreRefused() {
        String id = buffered(peopleCsv(files, 10, 0));
        assertThat(codeOf(() -> engine.editRow(id, OWNER, 99, Map.of("age", "1")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> engine.removeRow(id, OWNER, 99))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> engine.editRow(id, OWNER, 2, Map.of("salary", "1")))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> engine.editRow(id, OWNER, 2, Map.of()))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> engine.replace(id, OWNER, "salary", "1", "2", RowFilter.ALL)))
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(codeOf(() -> engine.editRow(id, "mallory", 2, Map.of("age", "1")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> engine.removeRow(id, "mallory", 2))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> engine.replace(id, "mallory", "age", "1", "2", null))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> engine.editRow("nope", OWNER, 2, Map.of("age", "1")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(engine.status(id, OWNER).summary()).isEqualTo(new Summary(10, 10, 0, 0));
    }

    @Test
    void uniquenessStaysTrueAfterEditsAndRemovals() {
        String id = buffered(textFile(files, "dupes.csv", "Name,Email,Age\r\n"
                + "A,a@x.org,1\r\nB,b@x.org,2\r\nC,c@x.org,3\r\nD,A@X.org,4\r\nE,a@x.org,5\r\n"));
        assertThat(row(id, 5).errors()).extracting(e -> e.code()).containsExactly("unique");
        assertThat(row(id, 6).errors()).extracting(e -> e.code()).containsExactly("unique");

        // the first holder gives the value up: the next holder (row 5) becomes valid, row 6 still repeats it
        RowEdit moved = engine.editRow(id, OWNER, 2, Map.of("email", "z@x.org"));
        assertThat(moved.row().valid()).isTrue();
        assertThat(row(id, 5).valid()).isTrue();
        assertThat(row(id, 6).errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("row 5"));
        assertThat(moved.summary()).isEqualTo(new Summary(5, 4, 1, 0));

        // a new value is checked against every other row, also later ones
        RowEdit repeat = engine.editRow(id, OWNER, 3, Map.of("email", "c@x.org"));
        assertThat(repeat.row().errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("unique"));
        assertThat(row(id, 4).valid()).as("the first holder stays valid").isTrue();
        RowEdit taken = engine.editRow(id, OWNER, 3, Map.of("email", "a@x.org"));
        assertThat(taken.row().errors()).as("row 5 holds a@x.org already").singleElement()
                .satisfies(e -> assertThat(e.message()).contains("row 5"));
        assertThat(row(id, 5).valid()).isTrue();

        // removing the holder frees the value for the next one in source order (row 3)
        Summary afterRemove = engine.removeRow(id, OWNER, 5);
        assertThat(afterRemove.removed()).isEqualTo(1);
        assertThat(row(id, 3).valid()).isTrue();
        assertThat(row(id, 6).errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("row 3"));
        engine.removeRow(id, OWNER, 3);
        assertThat(engine.preview(id, OWNER, 1, 10, RowFilter.ALL).rows()).extracting(StagedRow::row)
                .containsExactly(2L, 4L, 6L);
        assertThat(row(id, 6).valid()).isTrue();
        assertThat(engine.removeRow(id, OWNER, 6)).isEqualTo(new Summary(2, 2, 0, 3));
    }

    @Test
    void replaceChangesEveryMatchingCellOfTheFilterAndReportsTheCount() {
        String id = buffered(peopleCsv(files, 2_500, 10)); // 250 rows with age -1
        Replacement none = engine.replace(id, OWNER, "age", "-1", "30", RowFilter.VALID);
        assertThat(none.changed()).isZero();
        Replacement fixed = engine.replace(id, OWNER, "age", "-1", "30", RowFilter.INVALID);
        assertThat(fixed.changed()).isEqualTo(250);
        assertThat(fixed.summary()).isEqualTo(new Summary(2_500, 2_500, 0, 0));
        assertThat(row(id, 2).values().get(2)).isEqualTo(30L);
        assertThat(row(id, 2).edited()).isTrue();
        assertThat(row(id, 3).edited()).isFalse();
    }

    @Test
    void theErrorReportShowsRowsAsEdited() {
        String id = buffered(peopleCsv(files, 30, 10));
        engine.editRow(id, OWNER, 2, Map.of("age", "7"));
        engine.editRow(id, OWNER, 12, Map.of("age", "still wrong"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.writeErrorReport(id, OWNER, FileFormat.CSV, out);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).doesNotContain("p0@example.com").contains("still wrong").contains("p20@example.com");
        assertThat(report.lines().filter(l -> l.contains("p10@example.com")).findFirst().orElseThrow())
                .contains("edited");
        assertThat(engine.progress(id, OWNER, Phase.BUFFER)).isNotNull();
    }
}
