package dev.sseetl.examples.browser;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The demo application the browser tests drive. */
final class DemoSite implements AutoCloseable {
    private final URI baseUri;

    private DemoSite(URI baseUri) {
        this.baseUri = baseUri;
    }

    static DemoSite start(Path dataDir) {
        String external = System.getProperty("ui.test.site");
        Assumptions.assumeTrue(external != null, "the demo server is not wired in yet; set -Dui.test.site=URL");
        return new DemoSite(URI.create(external));
    }

    URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
    }
}
