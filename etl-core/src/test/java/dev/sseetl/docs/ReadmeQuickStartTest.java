package dev.sseetl.docs;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's plain-Java quick start, taken from README.md when the test runs (the {@code java} block under
 * "Quick start: plain Java"), compiled with javax.tools against the test classpath inside a method that provides the
 * two names it leaves to the reader ({@code dataSource}: H2 with a {@code users} table, {@code in}: a CSV), and run.
 * The README cannot drift from the API or stop working without this test failing.
 */
class ReadmeQuickStartTest {
    /** The imports the README lists under the block. */
    private static final String IMPORTS = """
            import dev.sseetl.*;
            import dev.sseetl.schema.*;
            import dev.sseetl.commit.JdbcTable;
            import dev.sseetl.sse.ProgressEvents;
            import java.time.Duration;
            import java.util.Map;
            """;

    @TempDir
    Path build;

    static String plainJavaQuickStart() throws Exception {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("## Quick start: plain Java\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(text);
        assertThat(block.find()).as("a ```java block right under '## Quick start: plain Java' in " + readme).isTrue();
        return block.group(1);
    }

    @Test
    void theReadmeListsTheImportsThisTestCompilesWith() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../README.md"));
        for (String line : IMPORTS.strip().split("\n")) {
            String name = line.replace("import ", "").replace(";", "");
            assertThat(readme).contains("`" + name + "`");
        }
    }

    @Test
    void thePlainJavaQuickStartCompilesAndRunsAsPrinted() throws Exception {
        String snippet = plainJavaQuickStart();
        String source = IMPORTS + "\npublic class QuickStart {\n"
                + "    public static void run(javax.sql.DataSource dataSource, java.io.InputStream in) throws Exception {\n"
                + snippet + "\n    }\n}\n";
        Path src = Files.createDirectories(build.resolve("src"));
        Path classes = Files.createDirectories(build.resolve("classes"));
        Files.writeString(src.resolve("QuickStart.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", testClasspath(), "-d", classes.toString(),
                "-proc:none", src.resolve("QuickStart.java").toString());
        assertThat(status).as("javac on the README block:\n" + diagnostics + "\n" + source).isZero();

        DataSource dataSource = usersDatabase();
        InputStream in = new ByteArrayInputStream("""
                Name,Email
                Ada Lovelace,ada@example.com
                Alan Turing,alan@example.com
                Nobody,not-an-email
                """.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("QuickStart").getMethod("run", DataSource.class, InputStream.class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            run.invoke(null, dataSource, in);
        } finally {
            System.setOut(out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        out.print(output);
        assertThat(output).contains("\"status\":\"Completed\"").contains("2 valid rows, 1 invalid")
                .contains("2 rows inserted");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM users ORDER BY name")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("Ada Lovelace", "Alan Turing");
        }
    }

    private static DataSource usersDatabase() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:readme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (name VARCHAR(100) NOT NULL, email VARCHAR(320) NOT NULL UNIQUE)");
        }
        return ds;
    }

    /** Surefire's full test classpath (java.class.path may be a single manifest-only jar). */
    private static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path");
        return classpath != null && !classpath.isBlank() ? classpath : System.getProperty("java.class.path");
    }
}
