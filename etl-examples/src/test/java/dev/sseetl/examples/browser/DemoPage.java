package dev.sseetl.examples.browser;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.openqa.selenium.WebElement;

/**
 * The demo page ({@code demo/index.html}, served by the Jetty and the Spring Boot demo alike) as the browser tests
 * drive it: load it, open the import modal, pick a file, follow the modal's stages.
 */
final class DemoPage {
    private final Browser browser;

    DemoPage(Browser browser) {
        this.browser = browser;
    }

    /** Loads the demo page from {@code base}, waits for its tables, and starts recording uncaught script errors. */
    void load(URI base) {
        browser.open(base.toString());
        browser.until(d -> browser.find("body").getAttribute("data-reloads") != null);
        browser.script("window.__errors = [];"
                + "window.addEventListener('error', e => window.__errors.push(String(e.message)));"
                + "window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));");
    }

    /** The uncaught script errors since {@link #load}. */
    List<?> scriptErrors() {
        return (List<?>) browser.script("return window.__errors || []");
    }

    /** Clicks the page's {@code button} and waits for the modal's upload stage. */
    void open(String button) {
        browser.visible(button).click();
        browser.visible(".etl-modal[data-stage=upload]");
    }

    /** Picks {@code file} in the modal's file input, which starts the upload. */
    void upload(Path file) {
        browser.until(d -> !browser.all(".etl-upload__input").isEmpty());
        browser.find(".etl-upload__input").sendKeys(file.toAbsolutePath().toString());
    }

    /** The modal's {@code data-stage}, or null when no modal is open. */
    String stage() {
        List<WebElement> modal = browser.all(".etl-modal");
        return modal.isEmpty() ? null : modal.get(0).getAttribute("data-stage");
    }

    void waitForStage(String stage) {
        browser.until(d -> stage.equals(stage()));
    }

    /** Waits until the preview table shows its first rows (the summary counts come with them). */
    void waitForPreviewRows() {
        browser.until(d -> !browser.all(".etl-table tbody tr[data-row]").isEmpty());
    }

    /** The digits of the element's text as a number (counts in the summary and the result). */
    long number(String css) {
        return Long.parseLong(browser.find(css).getText().replaceAll("[^0-9]", ""));
    }
}
