package dev.sseetl.examples.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Spring Boot demo on a random port: its page and UI files are served, and a users file goes from upload to
 * rows in {@code /demo/rows/user_schema} (the progress streams themselves are tested in sse-etl-spring-boot-autoconfigure).
 */
@SpringBootTest(classes = SpringDemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:spring-demo-${random.uuid};DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE", "etl.progress-interval=0ms"})
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@org.springframework.context.annotation.Import(SpringDemoApplicationTest.RedirectingPage.class)
class SpringDemoApplicationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A page of the host app that redirects, as a login flow does. */
    @org.springframework.boot.test.context.TestConfiguration
    static class RedirectingPage {
        @org.springframework.context.annotation.Bean
        org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> redirect() {
            return org.springframework.web.servlet.function.RouterFunctions.route()
                    .GET("/go-home", request -> {
                        return org.springframework.web.servlet.function.ServerResponse.ok().build((req, res) -> {
                            res.sendRedirect("/");
                            return null;
                        });
                    }).build();
        }
    }

    @Test
    void aRedirectOfTheHostAppWorksBesideTheJettyDemosServletApi() throws Exception {
        // regression: the Jetty demo's Servlet 6.0 API jar once shadowed Tomcat 11's 6.1 API, and any
        // HttpServletResponse.sendRedirect(String) failed with AbstractMethodError (so form login broke).
        HttpResponse<String> response = get("/go-home");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
    }

    @Test
    void servesTheDemoPageTheComponentsAndVue() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("/etl-ui/");
        assertThat(get("/etl-ui/index.js").statusCode()).isEqualTo(200);
        assertThat(get("/webjars/vue/3.5.26/dist/vue.esm-browser.prod.js").statusCode()).isEqualTo(200);
    }

    @Test
    void importsUsersIntoTheDemoTable() throws Exception {
        String csv = "Name,Email,Role\nAda Lovelace,ada@example.com,admin\nCharles Babbage,not-an-email,editor\n";
        String boundary = "demo-boundary-7d1f";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"schema_name\"\r\n\r\nuser_schema\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"users.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(uri("/api/etl/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String importId = JSON.readTree(upload.body()).get("importId").asString();

        awaitState(importId, "BUFFERED");
        HttpResponse<String> commit = http.send(HttpRequest.newBuilder(uri("/api/etl/commit/" + importId))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(202);
        awaitState(importId, "COMMITTED");

        JsonNode rows = JSON.readTree(get("/demo/rows/user_schema").body());
        assertThat(rows.get("table").asString()).isEqualTo("users");
        assertThat(rows.get("rows")).hasSize(1);
        assertThat(rows.get("rows").get(0).get("email").asString()).isEqualTo("ada@example.com");
        assertThat(rows.get("rows").get(0).get("role").asString()).isEqualTo("admin");
    }

    @Test
    void answersNotFoundForASchemaWithoutTable() throws Exception {
        HttpResponse<String> rows = get("/demo/rows/nothing");
        assertThat(rows.statusCode()).isEqualTo(404);
        assertThat(rows.body()).contains("NOT_FOUND", "user_schema", "products");
    }

    private void awaitState(String importId, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                JSON.readTree(get("/api/etl/status/" + importId).body()).get("state").asString(), state::equals);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
