package dev.sseetl.servlet;

import dev.sseetl.EtlEngine;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Schema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WAR keeps its schema files on the classpath: {@code sse-etl.schemas=classpath:etl-schemas/} reads them from
 * {@code WEB-INF/classes} (here the test resources) and from jars; a schema declaring a table with no DataSource is
 * refused when the engine is built.
 */
class ClasspathSchemasTest {
    @TempDir
    Path dir;

    private Map<String, String> params(String schemas) {
        return Map.of("sse-etl.schemas", schemas, "sse-etl.work-dir", dir.resolve("work").toString(),
                "sse-etl.jdbc-url", "jdbc:h2:mem:classpath-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void readsTheSchemaFilesOfAClasspathFolderAndBindsTheirTables() {
        for (String location : new String[] {"classpath:etl-schemas/", "classpath:/etl-schemas", "classpath:etl-schemas"}) {
            try (EtlEngine engine = ServletEngines.fromParameters(params(location)::get)) {
                assertThat(engine.schemas()).extracting(Schema::name).containsExactly("people");
                assertThat(engine.schema("people").target()).isInstanceOfSatisfying(JdbcTable.class,
                        table -> assertThat(table.table()).isEqualTo("people"));
            }
        }
    }

    @Test
    void readsSchemaFilesInsideAJarToo(@TempDir Path jars) throws Exception {
        Path jar = jars.resolve("schemas.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("etl-schemas/")); // as Maven's jar plugin writes folders
            out.closeEntry();
            put(out, "etl-schemas/books.json", """
                    {"name":"books","columns":[{"key":"title","type":"string","required":true}]}""");
            put(out, "etl-schemas/nested/ignored.json", "not read: a subfolder");
            put(out, "etl-schemas/readme.txt", "not read: not JSON");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
             EtlEngine engine = ServletEngines.fromParameters(params("classpath:etl-schemas/")::get, loader)) {
            assertThat(engine.schemas()).extracting(Schema::name).containsExactly("books", "people");
        }
    }

    @Test
    void aMissingClasspathFolderSaysWhereToPutTheFiles() {
        assertThatThrownBy(() -> ServletEngines.fromParameters(params("classpath:no-such-schemas/")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classpath has no folder no-such-schemas/")
                .hasMessageContaining("src/main/resources/no-such-schemas/");
    }

    @Test
    void aClasspathSchemaWithATableAndNoDataSourceIsRefusedAtStartNotAtCommit() {
        Map<String, String> noDatabase = Map.of("sse-etl.schemas", "classpath:etl-schemas/",
                "sse-etl.work-dir", dir.resolve("work").toString());
        assertThatThrownBy(() -> ServletEngines.fromParameters(noDatabase::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'people' (table 'people')")
                .hasMessageContaining(".dataSource(ds)");
    }

    @Test
    void theInitializerServesTheClasspathSchemas() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        params("classpath:etl-schemas/").forEach(context::setInitParameter);
        context.setInitParameter(EtlServletInitializer.ENABLED, "true");
        context.addServletContainerInitializer(new EtlServletInitializer());
        server.setHandler(context);
        server.start();
        try {
            HttpResponse<String> schemas = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + connector.getLocalPort() + "/app/api/etl/schemas")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(schemas.statusCode()).isEqualTo(200);
            assertThat(HttpFlowTest.JSON.readTree(schemas.body()).get("schemas").get(0).get("name").asString())
                    .isEqualTo("people");
        } finally {
            server.stop();
        }
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
