package dev.sseetl.internal;

import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.FileFormat;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.RowFilter;
import dev.sseetl.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.people;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.peopleXlsx;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Templates and error reports through the engine: what a person downloads re-imports as expected. */
class EngineFilesTest {
    @TempDir
    Path files;
    @TempDir
    Path work;

    private String reimport(EtlEngine engine, byte[] bytes, String name) {
        String id = engine.upload("people", new ByteArrayInputStream(bytes), name, Map.of(), OWNER);
        awaitState(engine, id, ImportState.BUFFERED);
        return id;
    }

    @Test
    void theErrorReportHoldsExactlyTheInvalidRowsInTheUploadsFormat() {
        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).build()) {
            for (Path file : new Path[]{peopleCsv(files, 100, 10), peopleXlsx(files, 100, 10)}) {
                String id = upload(engine, file);
                awaitState(engine, id, ImportState.BUFFERED);
                ByteArrayOutputStream report = new ByteArrayOutputStream();
                engine.writeErrorReport(id, OWNER, null, report);

                String again = reimport(engine, report.toByteArray(), "report");
                FileFormat format = engine.status(id, OWNER).job().format();
                assertThat(engine.status(again, OWNER).job().format()).isEqualTo(format);
                assertThat(engine.status(again, OWNER).summary()).as("%s", format).isEqualTo(new Summary(10, 0, 10));
                assertThat(engine.preview(again, OWNER, 1, 10, RowFilter.ALL).rows())
                        .extracting(r -> r.raw().get(0))
                        .containsExactly("Person 0", "Person 10", "Person 20", "Person 30", "Person 40", "Person 50",
                                "Person 60", "Person 70", "Person 80", "Person 90");
            }
        }
    }

    @Test
    void theErrorReportCanBeAskedForInTheOtherFormat() {
        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).build()) {
            String id = upload(engine, peopleCsv(files, 30, 10));
            awaitState(engine, id, ImportState.BUFFERED);
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            engine.writeErrorReport(id, OWNER, FileFormat.XLSX, report);
            assertThat(report.toByteArray()).startsWith(new byte[]{'P', 'K'});
        }
    }

    @Test
    void theErrorReportWaitsForBuffering() {
        Fixtures.GatedJobRunner gated = new Fixtures.GatedJobRunner();
        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).jobRunner(gated).build()) {
            String id = upload(engine, peopleCsv(files, 10, 2));
            assertThatThrownBy(() -> engine.writeErrorReport(id, OWNER, null, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        }
    }

    @Test
    void aTemplateOfEachFormatImportsItsExampleRowWithoutErrors() {
        try (EtlEngine engine = EtlEngine.builder().schema(people()).workDirectory(work).build()) {
            for (FileFormat format : FileFormat.values()) {
                ByteArrayOutputStream template = new ByteArrayOutputStream();
                engine.writeTemplate("people", format, template);
                String id = reimport(engine, template.toByteArray(), "template");
                assertThat(engine.status(id, OWNER).job().format()).isEqualTo(format);
                assertThat(engine.status(id, OWNER).summary().invalid()).as("%s", format).isZero();
            }
            assertThatThrownBy(() -> engine.writeTemplate("nope", FileFormat.CSV, new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            engine.writeTemplate("people", FileFormat.CSV, csv);
            assertThat(csv.toString(StandardCharsets.UTF_8)).contains("Name").contains("Email");
        }
    }
}
