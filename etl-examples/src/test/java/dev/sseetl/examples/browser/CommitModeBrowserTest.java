package dev.sseetl.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import dev.sseetl.CommitOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commit mode chosen in the modal reaches the engine. The demo's {@code products} table gets a CHECK constraint
 * that refuses one marked name; a file has one chunk of valid rows (the default chunk size) and then the marked row.
 * With {@code valid_rows} the first chunk stays written when the second is refused; with {@code all_or_nothing}
 * the one transaction leaves nothing in the table.
 */
class CommitModeBrowserTest extends DemoPageTest {
    private static final String REFUSED = "Refused by the database";
    private static final int ROWS = CommitOptions.DEFAULT_CHUNK_SIZE + 1;
    private final DemoPage modal = new DemoPage(browser);

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + temp.resolve("data").toAbsolutePath().resolve("demo")
                + ";DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "");
    }

    @BeforeAll
    static void theDatabaseRefusesTheMarkedName() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE products ADD CONSTRAINT refuse_marked CHECK (name <> '" + REFUSED + "')");
        }
    }

    /** A chunk of valid products, then one the database refuses; SKUs end in {@code tag}. */
    private static Path chunkThenRefusedRow(String tag) {
        Path file = temp.resolve("refused-" + tag + ".csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("SKU,Name,Price,Stock,Released\n");
            for (int i = 1; i <= ROWS; i++) {
                String name = i == ROWS ? REFUSED : "Product " + i;
                w.write("P" + i + "-" + tag + "," + name + ",1.50," + (i % 9) + ",2024-01-15\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static long rowsTagged(String tag) throws SQLException {
        try (Connection c = database();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM products WHERE sku LIKE ?")) {
            s.setString(1, "%-" + tag);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Uploads the file, picks {@code mode} (null: leave the default) and commits until the commit is refused;
     * returns the modal's text then.
     */
    private String commitUntilRefused(String tag, String mode) {
        modal.open("#import-products");
        modal.upload(chunkThenRefusedRow(tag));
        modal.waitForStage("preview");
        modal.waitForPreviewRows();
        assertThat(modal.number(".etl-summary-valid")).isEqualTo(ROWS);
        assertThat(browser.find(".etl-commit-mode-valid_rows").isSelected()).as("the default mode").isTrue();
        if (mode != null) {
            browser.find(".etl-commit-mode-" + mode).click();
            assertThat(browser.find(".etl-commit-mode-" + mode).isSelected()).isTrue();
        }
        browser.find(".etl-modal__commit").click();
        modal.waitForStage("committing");
        browser.until(Duration.ofSeconds(90), d -> !browser.all(".etl-modal__done").isEmpty());
        String text = browser.find(".etl-modal").getText();
        assertThat(text).contains("Failed", "Row " + (ROWS + 1) + ":", "the database's check refused it")
                .as("no database-internal name reaches the person").doesNotContainIgnoringCase("refuse_marked");
        return text;
    }

    @Test
    void allOrNothingChosenInTheModalWritesNothingWhenARowIsRefused() throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        assertThat(commitUntilRefused(tag, "all_or_nothing")).contains("Nothing was written (all or nothing)");
        assertThat(rowsTagged(tag)).isZero();
    }

    @Test
    void validRowsKeepsTheChunksWrittenBeforeTheRefusedOne() throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        assertThat(commitUntilRefused(tag, null)).contains("(" + CommitOptions.DEFAULT_CHUNK_SIZE + " rows) were committed");
        assertThat(rowsTagged(tag)).isEqualTo(CommitOptions.DEFAULT_CHUNK_SIZE);
    }
}
