package dev.sseetl.report;

import dev.sseetl.FileFormat;
import dev.sseetl.StagedRow;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.testing.ImportFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An error report of a real import holds exactly its invalid rows and imports again with the same cells. */
class ErrorReportRoundTripTest {
    static final Schema PRODUCTS = Schema.named("products")
            .column(Column.string("sku").label("SKU").required().unique().pattern("[A-Z0-9-]{3,32}"))
            .column(Column.string("name").label("Name").required().maxLength(20))
            .column(Column.decimal("price").label("Price").min(0).scale(2))
            .column(Column.enumeration("size", "S", "M", "L").label("Size"))
            .build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FileFormat.class)
    void theReportHoldsExactlyTheInvalidRowsAndReimportsWithTheSameCellsAndErrors(FileFormat format) throws IOException {
        Path upload = dir.resolve("upload.csv");
        Files.writeString(upload, String.join("\n",
                "SKU,Name,Price,Size",
                "AB-1,Shirt,10.00,M",
                "bad sku,Hat,-1,XL",          // invalid: pattern, min, enum
                "AB-2,,5,S",                   // invalid: name required
                "AB-3,Sock,=1+2,L",            // invalid: price not a number (and a formula)
                "AB-1,Copy,1,S",               // invalid: repeated unique SKU
                "AB-4,Scarf,-3.5,s",           // invalid: price below 0 (a plain negative number)
                "AB-5,Belt,7.25,L") + "\n", StandardCharsets.UTF_8);
        List<StagedRow> staged = ImportFiles.stage(PRODUCTS, upload);
        List<StagedRow> invalid = staged.stream().filter(r -> !r.valid()).toList();
        assertThat(invalid).extracting(StagedRow::row).containsExactly(3L, 4L, 5L, 6L, 7L);

        Path report = dir.resolve("report." + format.extension());
        try (OutputStream out = Files.newOutputStream(report)) {
            ErrorReportWriter.write(PRODUCTS, invalid.iterator(), format, out);
        }
        List<StagedRow> again = ImportFiles.stage(PRODUCTS, report);
        assertThat(again).hasSize(invalid.size());
        for (int i = 0; i < invalid.size(); i++) {
            StagedRow before = invalid.get(i);
            StagedRow after = again.get(i);
            if (before.row() == 5) {
                // the formula was neutralised: it comes back with its ' and is still refused
                assertThat(after.raw().get(2)).isEqualTo("'=1+2");
                assertThat(after.valid()).isFalse();
                continue;
            }
            assertThat(after.raw()).as("row %d", before.row()).isEqualTo(before.raw());
            if (before.row() != 6) { // the repeated SKU is no longer repeated within the report
                assertThat(after.errors()).as("row %d", before.row()).isEqualTo(before.errors());
            }
        }
    }
}
