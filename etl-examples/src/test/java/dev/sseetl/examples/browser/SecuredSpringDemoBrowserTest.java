package dev.sseetl.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.sseetl.examples.spring.SpringDemoApplication;
import dev.sseetl.testing.TestServices;

/**
 * The Spring Boot demo behind Spring Security (basic auth, CSRF protection for a single-page app: the token in the
 * {@code XSRF-TOKEN} cookie) in Debian's headless Chromium: the unconfigured import modal sends the token back on
 * upload, commit and cancel, and finds it in Spring's or Laravel's meta tags too, never sending it to another origin.
 */
class SecuredSpringDemoBrowserTest {
    @TempDir
    static Path temp;

    private static ConfigurableApplicationContext app;
    private static URI base;
    private static Browser browser;
    private static ImportFiles files;

    private final DemoPage page = new DemoPage(browser);

    /** What a host app adds to the demo: one user, basic auth, every route authenticated, CSRF on with the cookie. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Security {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.spa())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}ada-secret").roles("USER").build());
        }
    }

    @BeforeAll
    static void startSecuredDemoAndBrowser() throws Exception {
        TestServices.requireChromium();
        app = new SpringApplicationBuilder(SpringDemoApplication.class, Security.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:secured-demo-" + UUID.randomUUID()
                        + ";DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "--etl.progress-interval=0ms");
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/");
        browser = new Browser();
        files = new ImportFiles(Files.createDirectories(temp.resolve("files")), "CSRF");
    }

    @AfterAll
    static void stopBrowserAndDemo() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
            browser = null;
            app = null;
        }
    }

    @BeforeEach
    void signInAndOpenTheDemo() {
        // Basic auth: Chromium keeps the credentials of this first address for the later requests to the same origin.
        browser.open("http://ada:ada-secret@" + base.getAuthority() + "/demo/rows/user_schema");
        page.load(base);
        assertThat(browser.script("return document.cookie")).asString().contains("XSRF-TOKEN=");
    }

    @AfterEach
    void noScriptErrors() {
        assertThat(page.scriptErrors()).as("uncaught script errors").isEmpty();
    }

    @Test
    void uploadsPreviewsAndCommitsThroughTheModalWithSpringSecuritysCsrfCookie() {
        uploadUsersUntilPreview("csrf");
        assertThat(page.number(".etl-summary-valid")).isEqualTo(2);

        browser.find(".etl-modal__commit").click();
        browser.until(d -> "done".equals(page.stage()) || !browser.all(".etl-modal [role=alert]").isEmpty());
        assertThat(page.stage()).as(browser.find(".etl-modal").getText()).isEqualTo("done");
        assertThat(page.number(".etl-result-inserted")).isEqualTo(2);
        assertThat(page.number(".etl-result-skipped")).isEqualTo(3);
    }

    @Test
    void cancellingFromThePreviewDiscardsTheImportOnTheServer() {
        uploadUsersUntilPreview("cancel");
        String importId = browser.find(".etl-modal").getAttribute("data-import-id");
        browser.visible(".etl-modal__cancel").click();
        browser.visible(".etl-modal__notice");
        Object previewStatus = browser.await("return (await fetch('/api/etl/preview/' + args[0])).status;", importId);
        assertThat(((Number) previewStatus).intValue()).as("preview of a cancelled import").isEqualTo(404);
    }

    @Test
    void findsTheTokenInTheCookieOrInSpringsOrLaravelsMetaTagsAndKeepsItOnThisOrigin() {
        Object headers = browser.await("""
                const { csrfHeaders } = await import('/etl-ui/csrf.js');
                const meta = (name, content) => {
                  const m = document.createElement('meta'); m.name = name; m.content = content; document.head.append(m); return m;
                };
                const cookie = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/)[1];
                const result = { cookie: csrfHeaders('/api/etl/upload'), foreign: csrfHeaders('http://localhost:9/api/etl/upload') };
                result.cookieValue = { 'X-XSRF-TOKEN': decodeURIComponent(cookie) };
                document.cookie = 'XSRF-TOKEN=; Max-Age=0; path=/';
                result.none = csrfHeaders('/api/etl/upload');
                const laravel = meta('csrf-token', 'laravel-token');
                result.laravel = csrfHeaders('/api/etl/upload');
                const spring = [meta('_csrf', 'spring-token'), meta('_csrf_header', 'X-MY-CSRF')];
                result.spring = csrfHeaders('/api/etl/upload');
                spring[1].remove();
                result.springDefault = csrfHeaders('/api/etl/upload');
                result.foreignMeta = csrfHeaders('http://localhost:9/api/etl/upload');
                [laravel, ...spring].forEach(m => m.remove());
                return result;
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> found = (Map<String, Object>) headers;
        assertThat(found.get("cookie")).isEqualTo(found.get("cookieValue"));
        assertThat(found.get("foreign")).isEqualTo(Map.of());
        assertThat(found.get("none")).isEqualTo(Map.of());
        assertThat(found.get("laravel")).isEqualTo(Map.of("X-CSRF-TOKEN", "laravel-token"));
        assertThat(found.get("spring")).isEqualTo(Map.of("X-MY-CSRF", "spring-token"));
        assertThat(found.get("springDefault")).isEqualTo(Map.of("X-CSRF-TOKEN", "spring-token"));
        assertThat(found.get("foreignMeta")).isEqualTo(Map.of());
    }

    /** Opens the modal and uploads a users file; fails with the modal's message when the upload is refused. */
    private void uploadUsersUntilPreview(String prefix) {
        page.open("#import-users");
        page.upload(files.usersCsv(prefix));
        browser.until(d -> "preview".equals(page.stage()) || !browser.all(".etl-upload__error").isEmpty());
        assertThat(browser.all(".etl-upload__error")).as("upload error").extracting(e -> e.getText()).isEmpty();
        page.waitForPreviewRows();
    }
}
