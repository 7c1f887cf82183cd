package dev.sseetl.examples.spring;

import dev.sseetl.examples.DemoDatabase;
import dev.sseetl.examples.DemoSchemas;
import dev.sseetl.schema.Schema;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * The sse-etl demo as a Spring Boot app: the same page, schemas and tables as the Jetty
 * {@link dev.sseetl.examples.DemoServer}, wired by the sse-etl-spring-boot-starter auto-configuration. All it declares is
 * two {@link Schema} beans (which name their tables, so they commit into Boot's H2 DataSource), the tables, and the
 * demo's page and rows route ({@link DemoController}). Settings: {@code spring-demo/spring-demo.properties}.
 *
 * <pre>java -cp etl-examples/target/etl-examples.jar dev.sseetl.examples.spring.SpringDemoApplication [--server.port=8080]</pre>
 */
@SpringBootApplication
@PropertySource("classpath:spring-demo/spring-demo.properties")
public class SpringDemoApplication {

    /** Starts the demo; Spring Boot arguments such as {@code --server.port=18083} apply. */
    public static void main(String[] args) {
        SpringApplication.run(SpringDemoApplication.class, args);
    }

    /** {@code user_schema} into table {@code users}. */
    @Bean
    Schema userSchema() {
        return DemoSchemas.users();
    }

    /** {@code products} into table {@code products}. */
    @Bean
    Schema productSchema() {
        return DemoSchemas.products();
    }

    /** The demo tables in Boot's DataSource, created at startup when missing. */
    @Bean
    DemoDatabase demoDatabase(DataSource dataSource, List<Schema> schemas) throws SQLException {
        DemoDatabase database = new DemoDatabase(dataSource);
        database.createSuppliersIfMissing();
        for (Schema schema : schemas) {
            if (schema.table() != null) {
                database.createTableIfMissing(schema, schema.table());
            }
        }
        return database;
    }
}
