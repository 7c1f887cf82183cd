package dev.sseetl.internal;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package boundaries of etl-core: framework-free, no package cycles, {@code internal} behind the root API, and the
 * PostgreSQL driver (optional at run time) only where PostgreSQL is spoken.
 */
@AnalyzeClasses(packages = "dev.sseetl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noServletTypes = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("jakarta.servlet..", "javax.servlet..")
            .because("etl-core must run without a servlet container; the servlet adapter is etl-servlet");

    @ArchTest
    static final ArchRule noSpringTypes = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..")
            .because("etl-core must run without Spring; the Spring Boot auto-configuration is sse-etl-spring-boot-autoconfigure (folder etl-spring-adapter)");

    @ArchTest
    static final ArchRule sseFramingHasNoEngineInternals = noClasses().that().resideInAPackage("dev.sseetl.sse..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sseetl.internal..")
            .because("adapters use the SSE framing on its own");

    /** The packages of the published API, which refer to one another by design. */
    private static final Set<String> API_PACKAGES = Set.of("dev.sseetl", "dev.sseetl.spi", "dev.sseetl.schema",
            "dev.sseetl.rules");

    /**
     * Each feature package ({@code read}, {@code validate}, {@code template}, {@code report}, {@code commit}, ...) is
     * a slice; the API packages (root, {@code spi}, {@code schema}) are one slice, because their types name each other
     * by design: the SPI speaks in root value types ({@code ImportJob}, {@code StagedRow}), the root builder takes the
     * SPI, a {@code Schema} holds its {@code CommitTarget}, which is opened for a {@code Schema}, and its columns hold
     * the host rules of {@code rules}, which see root types ({@code ImportJob}) and refuse with {@code Rejection}. The root's one
     * way into {@code internal} (the builder creating the engine) is ignored: every other use of {@code internal} is
     * refused by {@link #internalIsOnlyUsedBehindTheRootApi}.
     */
    private static final SliceAssignment FEATURE_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (!pkg.equals("dev.sseetl") && !pkg.startsWith("dev.sseetl.")) {
                return SliceIdentifier.ignore();
            }
            if (API_PACKAGES.contains(pkg)) {
                return SliceIdentifier.of("API (dev.sseetl, spi, schema, rules)");
            }
            return SliceIdentifier.of(pkg.substring("dev.sseetl.".length()).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "feature packages of dev.sseetl, with root, spi, schema and rules as one API slice";
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(FEATURE_PACKAGES).should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage("dev.sseetl"), resideInAPackage("dev.sseetl.internal.."))
            .because("a package that needs one of its users' types belongs beside it; cycles make every change wide");

    @ArchTest
    static final ArchRule readingDoesNotDependOnTheWriters = noClasses()
            .that().resideInAnyPackage("dev.sseetl.read..", "dev.sseetl.validate..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.sseetl.report..", "dev.sseetl.template..")
            .because("what reading and validating share with the writers (the error report's added columns) lives"
                    + " in dev.sseetl.sheet");

    @ArchTest
    static final ArchRule sheetConventionsStandAlone = classes().that().resideInAPackage("dev.sseetl.sheet..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.sseetl.sheet..", "java..",
                    "org.apache.commons.csv..", "org.apache.poi..")
            .because("template, report and validation all use the sheet conventions, so they may use none of them");

    @ArchTest
    static final ArchRule internalIsOnlyUsedBehindTheRootApi = classes().that().resideInAPackage("dev.sseetl.internal..")
            .should().onlyHaveDependentClassesThat().resideInAnyPackage("dev.sseetl", "dev.sseetl.internal..")
            .because("internal is not API: hosts reach the engine through EtlEngine.builder(), and feature packages"
                    + " must not lean on engine internals");

    @ArchTest
    static final ArchRule internalTypesLiveInInternalPackages = classes().that().resideInAPackage("dev.sseetl.internal..")
            .should().resideInAPackage("..internal..")
            .because("the Javadoc leaves out the packages named internal");

    @ArchTest
    static final ArchRule postgresDriverOnlyWherePostgresIsSpoken = noClasses()
            .that().resideOutsideOfPackage("dev.sseetl.jdbc..")
            .and().doNotHaveFullyQualifiedName("dev.sseetl.commit.PgCopyWriter")
            .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
            .because("the driver is optional: only the PostgreSQL stores (jdbc) and the COPY path of JdbcTable"
                    + " (commit.PgCopyWriter, loaded only on PostgreSQL; it shares the package-private TableShape and"
                    + " PortableWriter of the JDBC target) may touch it");
}
