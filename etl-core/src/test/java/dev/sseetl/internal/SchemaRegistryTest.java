package dev.sseetl.internal;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sseetl.CommitOptions;
import dev.sseetl.ErrorCode;
import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.ImportState;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.spi.CommitTarget;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.sseetl.internal.Fixtures.OWNER;
import static dev.sseetl.internal.Fixtures.awaitState;
import static dev.sseetl.internal.Fixtures.peopleCsv;
import static dev.sseetl.internal.Fixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema registry: lookup, order, refusals, and binding declared tables to the builder's DataSource. */
class SchemaRegistryTest {
    @TempDir
    Path dir;

    private static Schema.Builder named(String name) {
        return Schema.named(name).column(Column.string("name").label("Name").required());
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:registry" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void looksSchemasUpByNameAndListsThemInRegistrationOrderFolderSchemasLast() throws Exception {
        Files.writeString(dir.resolve("books.json"), """
                {"name":"books","columns":[{"key":"title","type":"string"}]}""");
        SchemaRegistry registry = SchemaRegistry.of(List.of(named("people").build(), named("animals").build()),
                List.of(dir), null);
        assertThat(registry.all()).extracting(Schema::name).containsExactly("people", "animals", "books");
        assertThat(registry.get("animals").name()).isEqualTo("animals");
    }

    @Test
    void anUnknownOrMissingNameIsNotFound() {
        SchemaRegistry registry = SchemaRegistry.of(List.of(named("people").build()), List.of(), null);
        for (String name : new String[] {"nobody", null}) {
            assertThatThrownBy(() -> registry.get(name)).isInstanceOfSatisfying(ImportException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void refusesTwoSchemasOfOneNameAnEmptyRegistryAndAMissingFolder() {
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(named("people").build(), named("people").build()),
                List.of(), null)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema 'people' is registered twice; give every schema its own name.");
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(), List.of(), null))
                .hasMessageStartingWith("No schema registered.");
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(), List.of(dir.resolve("missing")), null))
                .hasMessageContaining("does not exist or is not a folder");
    }

    @Test
    void bindsExistsToAJdbcLookupOfTheDataSourceAndRefusesItWithoutOne() {
        Schema schema = Schema.named("orders").column(Column.email("manager").label("Manager").exists("users", "email"))
                .build();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID());
        Schema bound = SchemaRegistry.of(List.of(schema), List.of(), ds).get("orders");
        assertThat(bound.columns().get(0).lookup()).isInstanceOf(dev.sseetl.rules.JdbcLookup.class)
                .hasToString("JdbcLookup[users.email]");
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(schema), List.of(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema 'orders', column 'manager' checks values against the table 'users' ('exists'), but"
                        + " the engine has no database: give it one with EtlEngine.builder().dataSource(...).");
    }

    @Test
    void bindsASchemaThatDeclaresATableAndHasNoTargetToTheDataSource() {
        CommitTarget own = (schema, mode) -> {
            throw new UnsupportedOperationException("not committed here");
        };
        SchemaRegistry registry = SchemaRegistry.of(List.of(named("people").table("people").build(),
                named("own").table("elsewhere").target(own).build(), named("loose").build()), List.of(), h2());
        assertThat(registry.get("people").target()).isInstanceOfSatisfying(JdbcTable.class,
                table -> assertThat(table.table()).isEqualTo("people"));
        assertThat(registry.get("own").target()).isSameAs(own);
        assertThat(registry.get("loose").target()).isNull();
    }

    @Test
    void withoutADataSourceADeclaredTableWithNoTargetIsRefusedWhenBuiltNamingTheSchemaAndWhatToAdd() {
        assertThatThrownBy(() -> SchemaRegistry.of(List.of(named("loose").build(),
                named("people").table("people").build()), List.of(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema 'people' (table 'people') declares a table but has no commit target, and the engine"
                        + " was given no DataSource to reach it. Add .dataSource(ds) to EtlEngine.builder(), or give the"
                        + " schema a target with schema.withTarget(JdbcTable.of(ds, schema.table())), or remove its"
                        + " \"table\".");
    }

    @Test
    void withoutADataSourceAPublicBuilderRefusesATableFromASchemaFileAndKeepsOneWithATarget(@TempDir Path files)
            throws Exception {
        Path folder = Files.createDirectories(files.resolve("schemas"));
        Files.writeString(folder.resolve("products.json"),
                "{\"name\":\"products\",\"table\":\"products\",\"columns\":[{\"key\":\"sku\",\"type\":\"string\"}]}");
        assertThatThrownBy(() -> EtlEngine.builder().schemasFrom(folder).workDirectory(dir).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'products' (table 'products')")
                .hasMessageContaining(".dataSource(ds)").hasMessageContaining("schema.withTarget(");
        CommitTarget own = (schema, mode) -> {
            throw new UnsupportedOperationException("not committed here");
        };
        try (EtlEngine engine = EtlEngine.builder().schema(named("own").table("elsewhere").target(own))
                .workDirectory(dir).build()) {
            assertThat(engine.schema("own").target()).isSameAs(own);
        }
    }

    @Test
    void theBuildersDataSourceReceivesTheCommitOfASchemaThatOnlyNamesItsTable(@TempDir Path files) throws Exception {
        DataSource ds = h2();
        try (Connection keepAlive = ds.getConnection(); Statement st = keepAlive.createStatement()) {
            st.execute("CREATE TABLE people (name VARCHAR(20) NOT NULL, email VARCHAR(100) PRIMARY KEY, "
                    + "age INT, joined DATE)");
            Schema.Builder builder = Schema.named("people").table("people");
            Fixtures.people().columns().forEach(builder::column);
            Schema people = builder.build();
            try (EtlEngine engine = EtlEngine.builder().schema(people).dataSource(ds).workDirectory(dir).build()) {
                String id = upload(engine, peopleCsv(files, 30, 10));
                awaitState(engine, id, ImportState.BUFFERED);
                engine.commit(id, OWNER, CommitOptions.defaults());
                awaitState(engine, id, ImportState.COMMITTED);
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM people")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(27);
            }
        }
    }

    /** Binding a table is one rule: if another class of etl-core binds again, this fails. */
    @Test
    void onlyTheRegistryBindsSchemasToTables() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sseetl");
        noClasses().that().resideOutsideOfPackage("dev.sseetl.commit..")
                .and().doNotHaveFullyQualifiedName(SchemaRegistry.class.getName())
                .should().callMethod(JdbcTable.class, "of", DataSource.class, String.class)
                .because("SchemaRegistry binds declared tables to the builder's dataSource(...), once for every host")
                .check(core);
    }
}
