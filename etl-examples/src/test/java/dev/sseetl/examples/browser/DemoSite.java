package dev.sseetl.examples.browser;

import java.net.URI;
import java.nio.file.Path;

import dev.sseetl.examples.DemoServer;

/** The demo application the browser tests drive, on a free loopback port with its own H2 database. */
final class DemoSite implements AutoCloseable {
    private final DemoServer server;

    private DemoSite(DemoServer server) {
        this.server = server;
    }

    static DemoSite start(Path dataDir) {
        return new DemoSite(DemoServer.start(0, dataDir, null));
    }

    /** {@code http://127.0.0.1:<port>/}: the browser resolves no host name but 127.0.0.1. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @Override
    public void close() {
        server.close();
    }
}
