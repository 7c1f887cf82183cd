package dev.sseetl.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Real services for tests: PostgreSQL (127.0.0.1:5432, database {@code test}) and Debian's Chromium. A test that needs one calls {@code require...()}: where the service is missing the test is skipped with
 * a message saying so, unless {@code ETL_REQUIRE_SERVICES=true} (set by {@code .ci/run}), which turns the skip into a
 * failure. Shared with the other modules through etl-core's test-jar.
 */
public final class TestServices {
    /** JDBC URL of the test PostgreSQL; override with {@code ETL_TEST_PG_URL}. */
    public static final String POSTGRES_URL = env("ETL_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private TestServices() {
    }

    /** True when {@code ETL_REQUIRE_SERVICES=true}: a missing service fails the test instead of skipping it. */
    public static boolean servicesRequired() {
        return "true".equalsIgnoreCase(System.getenv("ETL_REQUIRE_SERVICES"));
    }

    /** Skips (or, when services are required, fails) unless PostgreSQL answers; returns its JDBC URL. */
    public static String requirePostgres() {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL)) {
            c.createStatement().execute("select 1");
            return POSTGRES_URL;
        } catch (SQLException e) {
            unavailable("PostgreSQL at " + POSTGRES_URL + " did not answer (" + e.getMessage() + ")");
            return null;
        }
    }

    /** Skips (or fails) unless Debian's chromium and chromium-driver are installed. */
    public static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            unavailable("Chromium (" + CHROMIUM + ") and ChromeDriver (" + CHROMEDRIVER + ") are not installed; "
                    + "run: apt-get install -y chromium chromium-driver");
        }
    }

    private static void unavailable(String why) {
        if (servicesRequired()) {
            throw new AssertionError(why + " and ETL_REQUIRE_SERVICES=true makes this test mandatory");
        }
        Assumptions.abort(why + "; skipping (set ETL_REQUIRE_SERVICES=true to fail instead)");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
