package dev.sseetl.servlet;

import dev.sseetl.EtlEngine;
import dev.sseetl.Limits;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Builds an {@link EtlEngine} from {@code sse-etl.*} parameters (servlet or context init-parameters), for hosts that
 * configure without code. Keys: {@code sse-etl.schemas} (a folder of JSON schema files, or a classpath folder such as
 * {@code classpath:etl-schemas/}; required),
 * {@code sse-etl.jndi-name} or {@code sse-etl.jdbc-url} (+ {@code sse-etl.jdbc-user}, {@code sse-etl.jdbc-password}):
 * the DataSource that schemas declaring a {@code table} commit into; {@code sse-etl.work-dir};
 * {@code sse-etl.max-file-bytes}.
 */
final class ServletEngines {
    private ServletEngines() {
    }

    /** The engine; schema files of a {@code classpath:} location come through the thread's context class loader. */
    static EtlEngine fromParameters(Function<String, String> params) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return fromParameters(params, context != null ? context : ServletEngines.class.getClassLoader());
    }

    /** The engine; schema files of a {@code classpath:} location come through {@code loader}. */
    static EtlEngine fromParameters(Function<String, String> params, ClassLoader loader) {
        String location = params.apply("sse-etl.schemas");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("set sse-etl.schemas to a folder of JSON schema files (a path, or "
                    + "classpath:etl-schemas/ for the files in src/main/resources/etl-schemas/)");
        }
        EtlEngine.Builder builder = EtlEngine.builder().schemas(schemas(location.trim(), loader));
        DataSource dataSource = dataSource(params);
        if (dataSource != null) {
            builder.dataSource(dataSource); // binds the schemas that declare a table
        }
        String work = params.apply("sse-etl.work-dir");
        if (work != null && !work.isBlank()) {
            builder.workDirectory(Path.of(work.trim()));
        }
        String maxFile = params.apply("sse-etl.max-file-bytes");
        if (maxFile != null && !maxFile.isBlank()) {
            builder.limits(Limits.custom().maxFileBytes(Long.parseLong(maxFile.trim())).build());
        }
        return builder.build();
    }

    /** The schemas of a folder on disk, or of a classpath folder ({@code classpath:etl-schemas/}). */
    private static List<Schema> schemas(String location, ClassLoader loader) {
        if (ClasspathSchemas.isClasspathLocation(location)) {
            return ClasspathSchemas.load(location, loader);
        }
        Path dir = Path.of(location);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("sse-etl.schemas is '" + dir.toAbsolutePath()
                    + "', which is not a folder; point it at the folder holding your *.json schema files, or use "
                    + "classpath:etl-schemas/ for files on the classpath");
        }
        return SchemaLoader.fromDirectory(dir);
    }

    /** The configured DataSource: a JNDI lookup, a plain JDBC URL, or null when neither is set. */
    static DataSource dataSource(Function<String, String> params) {
        String jndi = params.apply("sse-etl.jndi-name");
        if (jndi != null && !jndi.isBlank()) {
            try {
                return (DataSource) new InitialContext().lookup(jndi.trim());
            } catch (NamingException | ClassCastException e) {
                throw new IllegalArgumentException("sse-etl.jndi-name '" + jndi + "' names no DataSource: "
                        + e.getMessage(), e);
            }
        }
        String url = params.apply("sse-etl.jdbc-url");
        if (url != null && !url.isBlank()) {
            return new UrlDataSource(url.trim(), params.apply("sse-etl.jdbc-user"), params.apply("sse-etl.jdbc-password"));
        }
        return null;
    }

    /** A DataSource opening a new connection per call through {@link DriverManager}; use JNDI for a pool. */
    private record UrlDataSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

        @Override
        public String toString() {
            return "UrlDataSource[" + url.replaceAll("password=[^&;]*", "password=***") + "]";
        }
    }
}
