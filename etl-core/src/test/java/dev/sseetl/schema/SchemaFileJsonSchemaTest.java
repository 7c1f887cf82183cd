package dev.sseetl.schema;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON Schema of schema files (shipped in this jar for editors) agrees with {@link SchemaLoader}: the same keys,
 * every schema file of the repository validates and loads, and wrong files are refused by both.
 */
class SchemaFileJsonSchemaTest {
    static final String RESOURCE = "META-INF/sse-etl/schema-file.schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode SCHEMA_NODE = read();
    private static final com.networknt.schema.Schema SCHEMA =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_NODE);

    private static JsonNode read() {
        try (InputStream in = SchemaFileJsonSchemaTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the class path").isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Error> errors(String json) {
        return SCHEMA.validate(JSON.readTree(json));
    }

    @Test
    void isADraft202012SchemaWithAnId() {
        assertThat(SCHEMA_NODE.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(SCHEMA_NODE.get("$id").asString()).endsWith("/schema-file.schema.json");
    }

    @Test
    void namesExactlyTheKeysTheLoaderReads() {
        List<String> schemaKeys = new ArrayList<>(SCHEMA_NODE.get("properties").propertyNames());
        assertThat(schemaKeys).containsExactlyInAnyOrderElementsOf(
                Stream.concat(SchemaLoader.SCHEMA_KEYS.stream(), Stream.of(SchemaLoader.EDITOR_KEY)).toList());
        assertThat(SCHEMA_NODE.at("/$defs/column/properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(SchemaLoader.COLUMN_KEYS);
        assertThat(SCHEMA_NODE.at("/$defs/column/properties/type/enum").values().stream().map(JsonNode::asString))
                .containsExactlyInAnyOrderElementsOf(Stream.of(ColumnType.values()).map(ColumnType::wireName).toList());
    }

    /** Every schema file of the repository (demo and test resources of every module) validates and loads. */
    @Test
    void everySchemaFileOfTheRepositoryValidatesAndLoads() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("pom.xml")).as("the repository root above etl-core").exists();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> root.relativize(p).toString().contains("src"))
                    .filter(p -> !root.relativize(p).toString().matches(".*(/target/|/node_modules/|/\\.).*"))
                    .filter(SchemaFileJsonSchemaTest::isSchemaFile)
                    .toList();
        }
        assertThat(files).as("schema files found").hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            assertThat(errors(Files.readString(file))).as(root.relativize(file).toString()).isEmpty();
            assertThat(SchemaLoader.fromFile(file).columns()).as(file.toString()).isNotEmpty();
        }
    }

    /** A JSON object with {@code name} and {@code columns}: what a schema file is, wherever it lies. */
    private static boolean isSchemaFile(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            return node.isObject() && node.has("name") && node.has("columns");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void theExampleUsingEveryKeyValidates() {
        assertThat(errors(SchemaLoaderTest.USER_SCHEMA)).isEmpty();
    }

    @Test
    void theLoaderIgnoresTheSchemaKeyForEditors() {
        String json = """
                {"$schema": "https://github.com/sse-etl/sse-etl/schemas/schema-file.schema.json",
                 "name": "notes", "columns": [{"key": "text"}]}""";
        assertThat(errors(json)).isEmpty();
        assertThat(SchemaLoader.fromJson(json).name()).isEqualTo("notes");
    }

    /** Each wrong file is refused by the JSON Schema and by the loader. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"a\", \"columns\": [{\"key\": \"email\", \"type\": \"mail\"}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"qty\", \"type\": \"integer\", \"maxLength\": 5}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"note\", \"min\": 1}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"price\", \"type\": \"integer\", \"scale\": 2}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"day\", \"type\": \"string\", \"formats\": [\"dd/MM/yyyy\"]}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"role\", \"type\": \"enum\"}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"role\", \"values\": [\"x\"]}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"a\", \"colour\": \"red\"}]}",
            "{\"name\": \"a\", \"columns\": [{\"key\": \"a\", \"required\": \"yes\"}]}",
            "{\"name\": \"a\", \"title\": \"A\", \"columns\": [{\"key\": \"a\"}]}",
            "{\"name\": \"a\", \"columns\": []}",
            "{\"columns\": [{\"key\": \"a\"}]}",
            "{\"name\": \"a\", \"columns\": [{\"label\": \"A\"}]}"})
    void wrongFilesAreRefusedByBoth(String json) {
        assertThat(errors(json)).as(json).isNotEmpty();
        assertThatThrownBy(() -> SchemaLoader.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
    }
}
