package dev.sseetl.examples.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Spreadsheets the browser tests upload, written fresh into a temp folder; names carry a run tag to stay unique. */
final class ImportFiles {
    private final Path dir;
    private final String tag;

    ImportFiles(Path dir, String tag) {
        this.dir = dir;
        this.tag = tag;
    }

    /** Users: 2 valid rows, then a bad email, a missing name, and a bad date with an unknown role. */
    Path usersCsv(String prefix) {
        return write(prefix + "-users.csv", String.join("\n",
                "Name,Email,Birth Date,Role,Active",
                prefix + " Ada " + tag + ",ada-" + prefix + tag + "@example.com,1815-12-10,admin,true",
                prefix + " Grace " + tag + ",grace-" + prefix + tag + "@example.com,1906-12-09,editor,false",
                "Bad Email " + tag + ",not-an-email,1990-01-01,viewer,true",
                ",nobody-" + prefix + tag + "@example.com,1990-01-01,viewer,true",
                "Bad Date " + tag + ",date-" + prefix + tag + "@example.com,2001-02-30,superuser,true") + "\n");
    }

    /** Products as XLSX: 3 valid rows (one with a real date cell), then a bad SKU and a negative price. */
    Path productsXlsx() {
        Path file = dir.resolve("products-" + tag + ".xlsx");
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("Products");
            CellStyle dateStyle = book.createCellStyle();
            dateStyle.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            List<Object[]> rows = List.of(
                    new Object[] {"SKU", "Name", "Price", "Stock", "Released"},
                    new Object[] {"KB-" + tag, "Keyboard " + tag, 49.9, 12, LocalDate.of(2024, 3, 1)},
                    new Object[] {"MS-" + tag, "Mouse " + tag, 19.5, 40, "2023-11-20"},
                    new Object[] {"HD-" + tag, "Headset " + tag, 89, 0, null},
                    new Object[] {"bad sku " + tag, "Broken " + tag, 10, 1, null},
                    new Object[] {"NEG-" + tag, "Negative " + tag, -5, 3, null});
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                Object[] values = rows.get(r);
                for (int c = 0; c < values.length; c++) {
                    Object v = values[c];
                    if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (v instanceof LocalDate d) {
                        var cell = row.createCell(c);
                        cell.setCellValue(d);
                        cell.setCellStyle(dateStyle);
                    } else if (v != null) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            book.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Many products, every 1000th with a negative price: big enough that buffering takes a while. */
    Path manyProductsCsv(int rows) {
        Path file = dir.resolve("many-products-" + tag + ".csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("SKU,Name,Price,Stock,Released\n");
            for (int i = 1; i <= rows; i++) {
                String price = i % 1000 == 0 ? "-1" : (i % 500) + ".25";
                w.write("P" + i + "-" + tag + ",Product number " + i + "," + price + "," + (i % 97) + ",2024-01-15\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    Path other(String name, String content) {
        return write(name, content);
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
