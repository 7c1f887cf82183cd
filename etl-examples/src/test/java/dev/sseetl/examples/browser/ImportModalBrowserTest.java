package dev.sseetl.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The demo page in Debian's headless Chromium: the import modal from file to committed rows, with CSV and XLSX,
 * refused files, a progress stream cut mid-buffering, Indonesian, keyboard handling. Screenshots of every stage go
 * to {@code target/screenshots/} at 1280 and 360 px wide.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportModalBrowserTest extends DemoPageTest {
    private static ImportFiles files;
    private final DemoPage modal = new DemoPage(browser);

    @BeforeAll
    static void filesAndCleanScreenshots() throws Exception {
        Browser.clearScreenshots();
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        files = new ImportFiles(Files.createDirectories(temp.resolve("files")), tag);
    }

    @Test
    @Order(1)
    void importsACsvShowingEveryInvalidRowThenCommitsTheValidOnes() {
        browser.screenshots("01-page");
        int before = committedRows("user_schema");

        modal.open("#import-users");
        assertThat(browser.find(".etl-templates a.etl-template-xlsx").getAttribute("href"))
                .endsWith("/api/etl/template/user_schema?format=xlsx");
        assertThat(download(browser.find(".etl-templates a.etl-template-csv").getAttribute("href"))).contains("Email");
        browser.visible(".etl-columns summary").click();
        assertThat(browser.visible(".etl-columns__list").getText()).contains("Email", "admin, editor, viewer");
        browser.screenshots("02-upload");

        modal.upload(files.usersCsv("csv"));
        modal.waitForStage("preview");
        assertSummary(5, 2, 3);
        assertInvalidCellsCarryTheirMessages(3);
        browser.screenshots("04-preview");

        browser.find(".etl-filter-invalid").click();
        browser.until(d -> browser.find(".etl-filter-invalid").getAttribute("aria-pressed").equals("true")
                && rowsShown().size() == 3 && rowsShown().stream().allMatch(r -> hasClass(r, "etl-row--invalid")));
        assertThat(browser.find(".etl-pager__status").getText()).isEqualTo("Page 1 of 1");
        assertThat(download(browser.find(".etl-errors-csv").getAttribute("href"))).contains("not-an-email");
        browser.screenshots("05-preview-invalid");

        commitAndExpect(2, 0, 3);
        browser.screenshots("07-done");

        browser.find(".etl-modal__done").click();
        browser.gone(".etl-modal");
        browser.until(d -> committedRows("user_schema") == before + 2);
        assertThat(browser.find("#rows-user_schema").getText()).contains("csv Ada ", "csv Grace ").doesNotContain("Bad Email");
        browser.screenshots("08-refreshed");
    }

    @Test
    @Order(2)
    void importsAnXlsxWorkbookThroughTheSameStages() {
        int before = committedRows("products");
        modal.open("#import-products");
        modal.upload(files.productsXlsx());
        modal.waitForStage("preview");
        assertSummary(5, 3, 2);
        assertInvalidCellsCarryTheirMessages(2);
        WebElement negative = rowNamed("Negative ");
        assertThat(negative.findElement(By.cssSelector("td[data-key=price]")).getAttribute("class")).contains("etl-cell--invalid");

        commitAndExpect(3, 0, 2);
        browser.find(".etl-modal__done").click();
        browser.gone(".etl-modal");
        browser.until(d -> committedRows("products") == before + 3);
        assertThat(browser.find("#rows-products").getText()).contains("Keyboard ", "Mouse ", "Headset ").doesNotContain("Broken");
    }

    @Test
    @Order(3)
    void refusesAFileOfAnotherTypeBeforeUploadingIt() {
        modal.open("#import-users");
        browser.script("window.__uploads = 0; const open = XMLHttpRequest.prototype.open;"
                + "XMLHttpRequest.prototype.open = function () { window.__uploads++; return open.apply(this, arguments); };");
        modal.upload(files.other("holiday-photo.pdf", "%PDF-1.4 not a spreadsheet"));
        WebElement alert = browser.visible(".etl-upload__error");
        assertThat(alert.getText()).contains("holiday-photo.pdf").contains(".csv, .xlsx");
        assertThat(browser.script("return window.__uploads")).isEqualTo(0L);
        assertThat(browser.find(".etl-modal").getAttribute("data-stage")).isEqualTo("upload");
        browser.screenshots("09-refused");
    }

    @Test
    @Order(4)
    void ridesOutAStreamDroppedInTheMiddleOfBuffering() throws Exception {
        int rows = 12_000;
        Path big = files.manyProductsCsv(rows);
        try (StreamDroppingProxy proxy = new StreamDroppingProxy(site.baseUri(), StreamDroppingProxy.Mode.DROP_FIRST)) {
            openPage(proxy.baseUri());
            modal.open("#import-products");
            modal.upload(big);
            modal.waitForStage("buffering");
            screenshotWhileRunning("03-buffering", "buffering", "");
            browser.until(Duration.ofSeconds(60), d -> "preview".equals(modal.stage()));
            assertThat(proxy.droppedAStream()).as("the proxy cut the first stream while Processing").isTrue();
            assertThat(proxy.streamsOpened()).as("EventSource reconnected by itself").isGreaterThanOrEqualTo(2);
            assertThat(browser.all(".etl-upload__error")).isEmpty();
            assertSummary(rows, rows - rows / 1000, rows / 1000);
            assertThat(browser.find(".etl-pager__status").getText()).isEqualTo("Page 1 of " + (rows + 24) / 25);
            browser.find(".etl-pager__next").click();
            browser.until(d -> browser.find(".etl-pager__status").getText().equals("Page 2 of " + (rows + 24) / 25));

            browser.find(".etl-modal__commit").click();
            modal.waitForStage("committing");
            screenshotWhileRunning("06-committing", "committing", "[aria-valuenow]:not([aria-valuenow='0'])");
            browser.until(Duration.ofSeconds(90), d -> "done".equals(modal.stage()));
            assertThat(modal.number(".etl-result-inserted")).isEqualTo(rows - rows / 1000);
            assertThat(modal.number(".etl-result-skipped")).isEqualTo(rows / 1000);
        }
    }

    @Test
    @Order(5)
    void followsTheImportByPollingWhenTheStreamIsRefused() throws Exception {
        try (StreamDroppingProxy proxy = new StreamDroppingProxy(site.baseUri(), StreamDroppingProxy.Mode.REFUSE)) {
            openPage(proxy.baseUri());
            modal.open("#import-users");
            modal.upload(files.usersCsv("poll"));
            browser.until(d -> "preview".equals(modal.stage()));
            assertThat(proxy.streamsOpened()).isGreaterThanOrEqualTo(1);
            assertThat(browser.all(".etl-upload__error")).isEmpty();
            assertSummary(5, 2, 3);
        }
    }

    @Test
    @Order(6)
    void cancellingWhileBufferingDiscardsTheImportOnTheServer() throws Exception {
        try (StreamDroppingProxy proxy = new StreamDroppingProxy(site.baseUri(), StreamDroppingProxy.Mode.HOLD)) {
            openPage(proxy.baseUri());
            modal.open("#import-users");
            modal.upload(files.usersCsv("cancel"));
            modal.waitForStage("buffering");
            String importId = browser.find(".etl-modal").getAttribute("data-import-id");
            assertThat(importId).isNotBlank();
            browser.visible(".etl-modal__cancel").click();
            browser.visible(".etl-modal__notice");
            assertThat(modal.stage()).isEqualTo("upload");
            Object previewStatus = browser.await("return (await fetch('/api/etl/preview/' + args[0])).status;", importId);
            assertThat(((Number) previewStatus).intValue()).as("preview of a cancelled import").isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    @Order(7)
    void showsTheServersMessageWhenBufferingFailsAndTakesAnotherFile() {
        modal.open("#import-users");
        modal.upload(files.other("no-email.csv", "Name,Role\nAda,admin\n"));
        WebElement alert = browser.visible(".etl-upload__error");
        assertThat(alert.getText()).containsIgnoringCase("email");
        assertThat(modal.stage()).isEqualTo("upload");
        browser.screenshots("13-buffering-failed");
        modal.upload(files.usersCsv("retry"));
        modal.waitForStage("preview");
        assertSummary(5, 2, 3);
    }

    @Test
    @Order(7)
    void saysAFileWithOnlyAHeaderHasNoRowsInsteadOfNoValidRows() {
        modal.open("#import-users");
        modal.upload(files.other("header-only.csv", "Name,Email\n"));
        modal.waitForStage("preview");
        String warning = browser.visible(".etl-modal .etl-alert--warning").getText();
        assertThat(warning).contains("no rows below its header").doesNotContain("No row is valid");
        assertThat(browser.find(".etl-modal__commit").isEnabled()).isFalse();
    }

    @Test
    @Order(8)
    void speaksIndonesianWhenThePageDoes() {
        new Select(browser.find("#demo-lang")).selectByValue("id");
        browser.until(d -> browser.find("#import-users").getText().equals("Impor pengguna"));
        modal.open("#import-users");
        assertThat(browser.find(".etl-modal__title").getText()).isEqualTo("Impor user_schema");
        assertThat(browser.find(".etl-steps").getText()).contains("Unggah");
        assertThat(browser.find(".etl-upload__zone").getText()).contains("Seret file ke sini", "pilih file");
        assertThat(browser.visible(".etl-columns summary").getText()).isEqualTo("Kolom file ini: 5 (2 wajib)");
        browser.screenshots("10-id-upload");

        modal.upload(files.other("catatan.txt", "bukan lembar kerja"));
        assertThat(browser.visible(".etl-upload__error").getText()).contains("tidak dapat diimpor");

        modal.upload(files.usersCsv("id"));
        modal.waitForStage("preview");
        assertThat(browser.find(".etl-summary").getAttribute("textContent")).contains("Bermasalah");
        assertThat(browser.find(".etl-modal__commit").getText()).isEqualTo("Simpan 2 baris valid");
        assertThat(browser.find(".etl-filter-invalid").getText()).isEqualTo("Baris bermasalah");
        browser.screenshots("11-id-preview");
        browser.find(".etl-modal__commit").click();
        modal.waitForStage("done");
        assertThat(browser.find(".etl-stage--done").getAttribute("textContent")).contains("Impor selesai", "Ditambahkan");
        browser.screenshots("12-id-done");
    }

    @Test
    @Order(9)
    void keepsFocusInsideAndClosesOnEscapeThenReloadsTheTable() {
        modal.open("#import-users");
        for (int i = 0; i < 12; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            assertThat(browser.script("return document.querySelector('.etl-modal').contains(document.activeElement)"))
                    .as("focus after %d tabs", i + 1).isEqualTo(true);
        }
        String reloads = browser.find("body").getAttribute("data-reloads");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.gone(".etl-modal");
        browser.until(d -> !String.valueOf(reloads).equals(browser.find("body").getAttribute("data-reloads")));
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("import-users");
    }

    // --- helpers ---

    /** A screenshot of a running stage once its bar has heard from the server (and matches barCondition), if the stage lasts that long. */
    private void screenshotWhileRunning(String name, String runningStage, String barCondition) {
        try {
            browser.until(Duration.ofSeconds(5), d -> !runningStage.equals(modal.stage())
                    || !browser.all(".etl-modal .etl-progress[data-status=Processing] .etl-progress__track" + barCondition).isEmpty());
        } catch (org.openqa.selenium.TimeoutException stillStarting) {
            // take the picture anyway
        }
        if (runningStage.equals(modal.stage())) {
            browser.screenshots(name);
        }
    }

    private void assertSummary(long total, long valid, long invalid) {
        modal.waitForPreviewRows();
        assertThat(modal.number(".etl-summary-total")).isEqualTo(total);
        assertThat(modal.number(".etl-summary-valid")).isEqualTo(valid);
        assertThat(modal.number(".etl-summary-invalid")).isEqualTo(invalid);
    }

    /** Every invalid row shows at least one marked cell (or row message) with its message visible and as title. */
    private void assertInvalidCellsCarryTheirMessages(int invalidRows) {
        List<WebElement> invalid = browser.all(".etl-table tbody tr.etl-row--invalid");
        assertThat(invalid).hasSize(invalidRows);
        for (WebElement row : invalid) {
            List<WebElement> messages = row.findElements(By.cssSelector(".etl-cell__error"));
            assertThat(messages).as("messages of row %s", row.getAttribute("data-row")).isNotEmpty();
            for (WebElement message : messages) {
                assertThat(message.isDisplayed()).isTrue();
                assertThat(message.getText()).isNotBlank();
            }
            for (WebElement cell : row.findElements(By.cssSelector("td.etl-cell--invalid"))) {
                assertThat(cell.getAttribute("aria-invalid")).isEqualTo("true");
                assertThat(cell.getAttribute("title")).isNotBlank()
                        .contains(cell.findElement(By.cssSelector(".etl-cell__error")).getText());
            }
        }
        WebElement badEmail = rowNamed("Bad Email ");
        if (badEmail != null) {
            WebElement email = badEmail.findElement(By.cssSelector("td[data-key=email]"));
            assertThat(email.getAttribute("class")).contains("etl-cell--invalid");
            assertThat(email.getText()).contains("not-an-email");
        }
    }

    /** The body of a same-origin link as the page would download it. */
    private String download(String href) {
        return String.valueOf(browser.await("const r = await fetch(args[0]); return r.ok ? r.text() : 'HTTP ' + r.status;", href));
    }

    private void commitAndExpect(long inserted, long updated, long skipped) {
        browser.find(".etl-modal__commit").click();
        browser.until(d -> "done".equals(modal.stage()));
        assertThat(modal.number(".etl-result-inserted")).isEqualTo(inserted);
        assertThat(modal.number(".etl-result-updated")).isEqualTo(updated);
        assertThat(modal.number(".etl-result-skipped")).isEqualTo(skipped);
    }

    private List<WebElement> rowsShown() {
        return browser.all(".etl-table tbody tr[data-row]");
    }

    private WebElement rowNamed(String namePrefix) {
        return rowsShown().stream()
                .filter(r -> r.findElements(By.cssSelector("td[data-key=name] .etl-cell__value")).stream()
                        .anyMatch(c -> c.getText().startsWith(namePrefix)))
                .findFirst().orElse(null);
    }

    private int committedRows(String schema) {
        return Integer.parseInt(browser.until(d -> browser.find("#rows-" + schema).getAttribute("data-count")));
    }

    private static boolean hasClass(WebElement element, String cssClass) {
        return List.of(element.getAttribute("class").split("\\s+")).contains(cssClass);
    }
}
