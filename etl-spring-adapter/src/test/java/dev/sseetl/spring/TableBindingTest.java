package dev.sseetl.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitTarget;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Binding a schema's table to the DataSource is the core builder's rule ({@code EtlEngine.builder().dataSource(...)});
 * if this adapter binds tables itself again, this fails.
 */
class TableBindingTest {
    @Test
    void theAdapterHandsTheDataSourceToTheBuilderInsteadOfBindingTables() {
        JavaClasses adapter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sseetl.spring");
        noClasses().should().callMethod(JdbcTable.class, "of", DataSource.class, String.class)
                .orShould().callMethod(Schema.class, "withTarget", CommitTarget.class)
                .because("EtlEngine.Builder.dataSource(...) binds every schema that declares a table, for every host")
                .check(adapter);
    }
}
