package dev.sseetl.validate;

import dev.sseetl.StagedRow;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static dev.sseetl.validate.Cells.row;
import static org.assertj.core.api.Assertions.assertThat;

/** A schema file from disk driving the validation of a small file's rows, as an import does. */
class SchemaFileValidationTest {

    private static Schema userSchema() throws URISyntaxException {
        Path dir = Path.of(SchemaFileValidationTest.class.getResource("/schemas").toURI());
        List<Schema> schemas = SchemaLoader.fromDirectory(dir);
        assertThat(schemas).extracting(Schema::name).containsExactly("user_schema");
        return schemas.get(0);
    }

    @Test
    void rowsOfAFileAreConvertedAndCheckedByTheLoadedSchema() throws URISyntaxException {
        RowValidator v = RowValidator.forHeader(userSchema(),
                List.of("Full Name", "E-Mail", "role", "PRICE", "sku", "Released", "Comment"));

        StagedRow ada = v.validate(row(2, "Ada Lovelace", "ada@example.com", "", "19.90", "AB-123", "10/12/1815", "hi"));
        assertThat(ada.errors()).isEmpty();
        assertThat(ada.values()).containsExactly("Ada Lovelace", "ada@example.com", "viewer", new BigDecimal("19.90"),
                "AB-123", LocalDate.of(1815, 12, 10), Boolean.TRUE);

        StagedRow bad = v.validate(row(3, "", "ADA@example.com", "Owner", "-1", "ab", "1815-12-10"));
        assertThat(bad.errors()).extracting("column", "code").containsExactly(
                org.assertj.core.groups.Tuple.tuple("name", "required"),
                org.assertj.core.groups.Tuple.tuple("email", "unique"),
                org.assertj.core.groups.Tuple.tuple("role", "enum"),
                org.assertj.core.groups.Tuple.tuple("price", "min"),
                org.assertj.core.groups.Tuple.tuple("sku", "pattern"),
                org.assertj.core.groups.Tuple.tuple("released", "date"));
        assertThat(bad.errors()).extracting("message").containsExactly(
                "Name is required, but the cell is empty.",
                "Email 'ADA@example.com' already appears in row 2.",
                "Role 'Owner' is not one of admin, editor, viewer.",
                "Price '-1' is less than the minimum 0.",
                "SKU 'ab' does not match the expected form [A-Z0-9-]{3,32}, e.g. AB-123.",
                "Released '1815-12-10' is not a valid date in the form dd/MM/yyyy.");
    }
}
