package dev.sseetl.examples.rules;

import dev.sseetl.CellError;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportState;
import dev.sseetl.Preview;
import dev.sseetl.RowFilter;
import dev.sseetl.rules.CellCheck;
import dev.sseetl.rules.CellTransform;
import dev.sseetl.rules.Rejection;
import dev.sseetl.rules.ValueLookup;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host rule written the way a new user would, from docs/schema.md ("Host rules") alone: an employees import where
 * the e-mail must be on the company's domain (a cell check), the department code is normalised and must be one the
 * application knows (a transform and a look-up), and a contract's end follows its start (a row rule).
 */
class FirstHostRuleTest {
    private static Schema employees() {
        return Schema.named("employees")
                .column(Column.string("name").label("Name").required())
                .column(Column.email("email").label("Email").required()
                        .check(CellCheck.of(v -> ((String) v).toLowerCase().endsWith("@example.com"),
                                Rejection.of("company_email", "is not an @example.com address"))))
                .column(Column.string("department").label("Department").transform(CellTransform.upperCase())
                        .exists(ValueLookup.of(List.of("ENG", "OPS", "SALES"))))
                .column(Column.date("start").label("Start").required())
                .column(Column.date("end").label("End"))
                .rule((row, errors) -> {
                    LocalDate start = row.get("start", LocalDate.class);
                    LocalDate end = row.get("end", LocalDate.class);
                    if (start != null && end != null && end.isBefore(start)) {
                        errors.reject(Rejection.of("end_before_start", "is before the start {start}",
                                Map.of("start", start)), "end");
                    }
                })
                .build();
    }

    @Test
    void theEmployeesRulesShowInThePreview() {
        try (EtlEngine engine = EtlEngine.builder().schema(employees()).build()) {
            String csv = """
                    Name,Email,Department,Start,End
                    Ada,ada@example.com,eng,2024-01-01,2024-12-31
                    Bob,bob@gmail.com,ops,2024-01-01,
                    Cy,cy@example.com,legal,2024-01-01,
                    Di,di@example.com,sales,2024-06-01,2024-05-01
                    """;
            String id = engine.upload("employees", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                    "employees.csv", Map.of(), "hr");
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> engine.status(id, "hr").job().state() == ImportState.BUFFERED);

            Preview invalid = engine.preview(id, "hr", 1, 50, RowFilter.INVALID);
            assertThat(invalid.summary().valid()).isEqualTo(1);
            assertThat(invalid.rows()).flatExtracting(r -> r.errors()).extracting(CellError::message)
                    .containsExactly("Email 'bob@gmail.com' is not an @example.com address.",
                            "Department 'legal' is not a known value.",
                            "End '2024-05-01' is before the start 2024-06-01.");
            assertThat(invalid.rows()).flatExtracting(r -> r.errors()).extracting(CellError::code)
                    .containsExactly("company_email", "exists", "end_before_start");
        }
    }
}
