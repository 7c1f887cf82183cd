package dev.sseetl.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.sseetl.testing.TestServices;

/**
 * One demo server (own H2 database in a temp folder) and one headless Chromium per test class; every test starts
 * on a freshly loaded demo page and fails if the page threw an uncaught script error.
 */
abstract class DemoPageTest {
    @TempDir
    static Path temp;

    static DemoSite site;
    static Browser browser;

    @BeforeAll
    static void startDemoAndBrowser() {
        TestServices.requireChromium();
        site = DemoSite.start(temp.resolve("data"));
        browser = new Browser();
    }

    @AfterAll
    static void stopDemoAndBrowser() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (site != null) {
                site.close();
            }
            browser = null;
            site = null;
        }
    }

    @BeforeEach
    void freshPage() {
        openPage(site.baseUri());
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(new DemoPage(browser).scriptErrors()).as("uncaught script errors").isEmpty();
    }

    /** Loads the demo page from {@code base}, waits for its tables, and starts recording uncaught script errors. */
    static void openPage(URI base) {
        new DemoPage(browser).load(base);
    }
}
