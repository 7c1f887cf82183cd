package dev.sseetl.internal;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** etl-core stays framework-free: servlet and Spring adapters live in their own modules. */
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
}
