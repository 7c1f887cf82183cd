package dev.sseetl.examples.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.sseetl.testing.TestServices;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never Selenium Manager, never a download), with a
 * fresh profile, no network but loopback, and helpers for explicit waits and stage screenshots.
 */
final class Browser implements AutoCloseable {
    static final int WIDE = 1280;
    static final int NARROW = 360;
    private static final int HEIGHT = 900;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Path profile;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    /** Removes the screenshots of an earlier run, so that every picture in the folder is from this one. */
    static void clearScreenshots() {
        try (Stream<Path> files = Files.exists(SCREENSHOTS) ? Files.list(SCREENSHOTS) : Stream.empty()) {
            files.filter(p -> p.toString().endsWith(".png")).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Browser() {
        TestServices.requireChromium();
        System.setProperty("webdriver.chrome.driver", TestServices.CHROMEDRIVER.toString());
        try {
            profile = Files.createTempDirectory("etl-ui-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(TestServices.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-default-apps", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile, "--window-size=" + WIDE + "," + HEIGHT);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(TestServices.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        width(WIDE);
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matching {@code css} is displayed, and returns it. */
    WebElement visible(String css) {
        return wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    /** Waits until no element matches {@code css}. */
    void gone(String css) {
        wait.until(d -> d.findElements(By.cssSelector(css)).isEmpty());
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Runs the body of an async function (it may {@code await}; {@code args} is its argument list) and returns its result. */
    Object await(String body, Object... args) {
        return driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const args = Array.from(arguments).slice(0, -1);"
                + "(async (args) => {" + body + "})(args).then(done, (e) => done('script failed: ' + e));", args);
    }

    void width(int width) {
        driver.manage().window().setSize(new Dimension(width, HEIGHT));
        wait.until(d -> ((Number) driver.executeScript("return window.innerWidth")).intValue() == width);
    }

    /**
     * Saves the page as {@code target/screenshots/<name>-1280.png} and {@code <name>-360.png}, back at 1280 wide;
     * fails when anything makes the page wider than the window at either width (wide content must scroll inside
     * its own box).
     */
    void screenshots(String name) {
        for (int width : new int[] {WIDE, NARROW}) {
            width(width);
            Number pageWidth = (Number) driver.executeScript("return document.documentElement.scrollWidth");
            if (pageWidth.intValue() > width) {
                throw new AssertionError(name + ": the page is " + pageWidth + " px wide in a " + width + " px window");
            }
            save(name + "-" + width);
        }
        width(WIDE);
    }

    void save(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
