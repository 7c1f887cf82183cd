package dev.sseetl.template;

import dev.sseetl.FileFormat;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates reopen with POI and show the schema: labels, marks, comments, dropdowns, formats, a valid example. */
class TemplateWriterTest {
    static final Schema USERS = Schema.named("user_schema")
            .column(Column.string("name").label("Name").required().maxLength(100)
                    .description("Full name as on the ID card").example("Ada Lovelace"))
            .column(Column.email("email").label("E-mail").required().unique())
            .column(Column.enumeration("role", "admin", "editor", "viewer").label("Role").defaultValue("viewer"))
            .column(Column.decimal("price").label("Price").min(0).scale(2))
            .column(Column.integer("age").label("Age").min(18).max(120))
            .column(Column.string("sku").label("SKU").pattern("[A-Z0-9-]{3,32}"))
            .column(Column.date("released").label("Released").datePatterns("dd/MM/yyyy"))
            .column(Column.dateTime("seen").label("Seen"))
            .column(Column.bool("active").label("Active"))
            .build();

    static byte[] template(Schema schema, FileFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TemplateWriter.write(schema, format, out);
        return out.toByteArray();
    }

    static XSSFWorkbook open(byte[] xlsx) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(xlsx));
    }

    @Test
    void xlsxHeaderHoldsTheLabelsWithRequiredColumnsInBoldAndEveryDescriptionAsAComment() throws IOException {
        try (XSSFWorkbook wb = open(template(USERS, FileFormat.XLSX))) {
            XSSFSheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("user_schema");
            Row header = sheet.getRow(0);
            assertThat(header.getLastCellNum()).isEqualTo((short) 9);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("Name");
            assertThat(wb.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(wb.getFontAt(header.getCell(2).getCellStyle().getFontIndex()).getBold()).isFalse();
            assertThat(header.getCell(0).getCellComment().getString().getString())
                    .startsWith("Full name as on the ID card").contains("Required.").contains("At most 100 characters.");
            assertThat(header.getCell(2).getCellComment().getString().getString())
                    .contains("Optional.").contains("One of: admin, editor, viewer.");
            assertThat(sheet.getColumnWidth(0)).isGreaterThan(sheet.getDefaultColumnWidth() * 256);
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        }
    }

    @Test
    void xlsxOffersEnumAndBooleanColumnsAsDropdowns() throws IOException {
        try (XSSFWorkbook wb = open(template(USERS, FileFormat.XLSX))) {
            List<? extends DataValidation> validations = wb.getSheetAt(0).getDataValidations();
            assertThat(validations).hasSize(2);
            DataValidation role = validations.stream()
                    .filter(v -> v.getRegions().getCellRangeAddress(0).getFirstColumn() == 2).findFirst().orElseThrow();
            assertThat(role.getValidationConstraint().getExplicitListValues()).containsExactly("admin", "editor", "viewer");
            assertThat(role.getRegions().getCellRangeAddress(0).getFirstRow()).isEqualTo(1);
        }
    }

    @Test
    void longEnumListsLiveOnAHiddenSheet() throws IOException {
        String[] many = new String[80];
        for (int i = 0; i < many.length; i++) {
            many[i] = "Category number " + i;
        }
        Schema schema = Schema.named("s").column(Column.enumeration("cat", many)).build();
        try (XSSFWorkbook wb = open(template(schema, FileFormat.XLSX))) {
            assertThat(wb.isSheetHidden(wb.getSheetIndex("lists"))).isTrue();
            assertThat(wb.getSheet("lists").getRow(79).getCell(0).getStringCellValue()).isEqualTo("Category number 79");
            DataValidation v = wb.getSheetAt(0).getDataValidations().get(0);
            assertThat(v.getValidationConstraint().getFormula1()).isEqualTo("lists!$A$1:$A$80");
        }
    }

    @Test
    void xlsxExampleRowFollowsEveryColumnsRulesWithRealFormattedDates() throws IOException {
        try (XSSFWorkbook wb = open(template(USERS, FileFormat.XLSX))) {
            Row example = wb.getSheetAt(0).getRow(1);
            assertThat(example.getCell(0).getStringCellValue()).isEqualTo("Ada Lovelace");
            assertThat(example.getCell(1).getStringCellValue()).isEqualTo("name@example.com");
            assertThat(example.getCell(2).getStringCellValue()).isEqualTo("viewer");
            assertThat(example.getCell(3).getNumericCellValue()).isEqualTo(10.5);
            assertThat(example.getCell(4).getNumericCellValue()).isEqualTo(18.0);
            assertThat(example.getCell(5).getStringCellValue()).matches("[A-Z0-9-]{3,32}");
            Cell released = example.getCell(6);
            assertThat(DateUtil.isCellDateFormatted(released)).isTrue();
            assertThat(released.getCellStyle().getDataFormatString()).isEqualTo("dd/mm/yyyy");
            assertThat(released.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(ExampleValues.EXAMPLE_DATE);
            assertThat(DateUtil.isCellDateFormatted(example.getCell(7))).isTrue();
            assertThat(example.getCell(8).getStringCellValue()).isEqualTo("true");
        }
    }

    @Test
    void csvIsUtf8WithAByteOrderMarkAHeaderAndOneExampleRow() {
        byte[] csv = template(USERS, FileFormat.CSV);
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertThat(text.split("\r\n")).containsExactly(
                "Name,E-mail,Role,Price,Age,SKU,Released,Seen,Active",
                "Ada Lovelace,name@example.com,viewer,10.5,18,ABC-123,31/01/2024,2024-01-31T09:30,true");
    }
}
