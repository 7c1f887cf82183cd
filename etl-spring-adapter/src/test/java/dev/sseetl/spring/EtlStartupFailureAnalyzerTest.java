package dev.sseetl.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import javax.sql.DataSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up mistakes of a new app, as Spring Boot reports them through {@link EtlStartupFailureAnalyzer}. */
@ExtendWith(OutputCaptureExtension.class)
class EtlStartupFailureAnalyzerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EtlAutoConfiguration.class))
            .withPropertyValues("etl.schemas-location=");

    @Test
    void noSchemaSaysWhereToPutOne() {
        runner.run(context -> {
            FailureAnalysis analysis = new EtlStartupFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("sse-etl has no schema to import into")
                    .contains("etl.schemas-location (now '')");
            assertThat(analysis.getAction()).contains("Declare a dev.sseetl.schema.Schema bean")
                    .contains("src/main/resources/etl-schemas/").contains("etl.enabled=false");
        });
    }

    @Test
    void aTableWithoutADataSourceNamesTheSchemaAndHowToGiveItOne() {
        runner.withPropertyValues("etl.schemas-location=classpath:context-schemas").run(context -> {
            FailureAnalysis analysis = new EtlStartupFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("sse-etl schema 'book_schema' (table 'books') names a table but has no target, and "
                            + "the application has no DataSource bean to commit into.");
            assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc").contains("spring.datasource.url")
                    .contains("Schema.named(..).target(..)");
        });
    }

    @Test
    void aTableWithTwoDataSourcesAndNoPrimaryAsksForAPrimary() {
        runner.withUserConfiguration(TwoDataSources.class)
                .withPropertyValues("etl.schemas-location=classpath:context-schemas").run(context -> {
                    FailureAnalysis analysis = new EtlStartupFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'book_schema' (table 'books')")
                            .endsWith("the application has 2 DataSource beans and none is @Primary to commit into.");
                    assertThat(analysis.getAction()).startsWith("Mark the DataSource to import into @Primary");
                });
    }

    @Test
    void anotherStartupFailureIsLeftToOtherAnalyzers() {
        assertThat(new EtlStartupFailureAnalyzer().analyze(new IllegalStateException("not ours"))).isNull();
    }

    @Test
    void springBootPrintsTheAnalysisInsteadOfAStackTrace(CapturedOutput output) {
        SpringApplication app = new SpringApplication(NoSchemaApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(Map.of("etl.schemas-location", ""));
        assertThatThrownBy(app::run).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Description:\n\nsse-etl has no schema to import into")
                .contains("Action:\n\nDeclare a dev.sseetl.schema.Schema bean");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EtlAutoConfiguration.class)
    static class NoSchemaApp {
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {
        @Bean(destroyMethod = "shutdown")
        DataSource first() {
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
        }

        @Bean(destroyMethod = "shutdown")
        DataSource second() {
            return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
        }
    }
}
