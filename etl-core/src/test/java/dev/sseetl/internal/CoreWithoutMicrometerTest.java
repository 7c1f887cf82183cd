package dev.sseetl.internal;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is optional: etl-core builds engines and imports files with no Micrometer class on the classpath, and
 * only {@link MicrometerEngineMetrics} (and the builder's {@code meterRegistry} setter) name Micrometer types.
 */
class CoreWithoutMicrometerTest {

    @Test
    void anEngineImportsAndCommitsWithNoMicrometerOnTheClasspath() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.contains("micrometer")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutMicrometer = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Method run = withoutMicrometer.loadClass(PlainImport.class.getName()).getMethod("run", Path.class);
            Path dir = Files.createTempDirectory("no-micrometer");
            assertThat(run.invoke(null, dir)).isEqualTo("COMMITTED 9 rows");
        }
    }

    @Test
    void onlyTheMicrometerMetricsAndTheBuilderSetterUseMicrometer() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sseetl");
        noClasses().that().doNotHaveFullyQualifiedName(MicrometerEngineMetrics.class.getName())
                .and().doNotHaveFullyQualifiedName("dev.sseetl.EtlEngine$Builder")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("etl-core must run without Micrometer: it is loaded only when a registry is given")
                .check(core);
    }

    /** Run inside the class loader without Micrometer: a whole import through the public API, no registry. */
    public static final class PlainImport {
        private PlainImport() {
        }

        public static String run(Path dir) throws Exception {
            MemoryTable table = new MemoryTable();
            try (dev.sseetl.EtlEngine engine = dev.sseetl.EtlEngine.builder()
                    .schema(Fixtures.people().withTarget(table)).workDirectory(dir.resolve("work")).build()) {
                String id = Fixtures.upload(engine, Fixtures.peopleCsv(dir, 10, 10));
                engine.awaitPhase(id, Fixtures.OWNER, dev.sseetl.Phase.BUFFER, java.time.Duration.ofSeconds(30));
                engine.commit(id, Fixtures.OWNER, dev.sseetl.CommitOptions.defaults());
                engine.awaitPhase(id, Fixtures.OWNER, dev.sseetl.Phase.COMMIT, java.time.Duration.ofSeconds(30));
                return engine.status(id, Fixtures.OWNER).job().state() + " " + table.rows.size() + " rows";
            }
        }
    }
}
