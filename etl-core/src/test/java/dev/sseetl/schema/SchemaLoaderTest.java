package dev.sseetl.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaLoaderTest {
    /** The example of the project brief, every key used at least once. */
    static final String USER_SCHEMA = """
            {"name":"user_schema","table":"users","strict":false,"uniqueKey":["email"],
             "columns":[
              {"key":"name","label":"Name","type":"string","required":true,"minLength":2,"maxLength":100,
               "aliases":["full name"],"description":"First and last name","example":"Ada Lovelace"},
              {"key":"email","label":"Email","type":"email","required":true,"unique":true},
              {"key":"role","type":"enum","values":["admin","editor","viewer"],"default":"viewer"},
              {"key":"price","type":"decimal","min":0,"max":"99999999999999999999.99","scale":2},
              {"key":"qty","type":"integer","min":1,"max":1000,"default":1},
              {"key":"sku","type":"string","unique":true,"pattern":"[A-Z0-9-]{3,32}"},
              {"key":"active","type":"boolean","default":true},
              {"key":"released","type":"date","formats":["dd/MM/yyyy"]},
              {"key":"seen_at","type":"datetime"},
              {"key":"note"}
             ]}
            """;

    @TempDir
    Path dir;

    @Test
    void loadsEveryKeyOfTheFormat() {
        Schema s = SchemaLoader.fromJson(USER_SCHEMA);
        assertThat(s.name()).isEqualTo("user_schema");
        assertThat(s.table()).isEqualTo("users");
        assertThat(s.strict()).isFalse();
        assertThat(s.uniqueKey()).containsExactly("email");
        assertThat(s.columns()).extracting(Column::key)
                .containsExactly("name", "email", "role", "price", "qty", "sku", "active", "released", "seen_at", "note");

        Column name = s.column("name").orElseThrow();
        assertThat(name.label()).isEqualTo("Name");
        assertThat(name.type()).isEqualTo(ColumnType.STRING);
        assertThat(name.required()).isTrue();
        assertThat(name.minLength()).isEqualTo(2);
        assertThat(name.maxLength()).isEqualTo(100);
        assertThat(name.aliases()).containsExactly("full name");
        assertThat(name.description()).isEqualTo("First and last name");
        assertThat(name.example()).isEqualTo("Ada Lovelace");

        assertThat(s.column("email").orElseThrow().unique()).isTrue();
        Column role = s.column("role").orElseThrow();
        assertThat(role.allowedValues()).containsExactly("admin", "editor", "viewer");
        assertThat(role.defaultValue()).isEqualTo("viewer");
        assertThat(role.label()).isEqualTo("role");

        Column price = s.column("price").orElseThrow();
        assertThat(price.min()).isEqualByComparingTo("0");
        assertThat(price.max()).isEqualTo(new BigDecimal("99999999999999999999.99"));
        assertThat(price.scale()).isEqualTo(2);

        assertThat(s.column("qty").orElseThrow().defaultValue()).isEqualTo("1");
        assertThat(s.column("sku").orElseThrow().pattern().pattern()).isEqualTo("[A-Z0-9-]{3,32}");
        assertThat(s.column("active").orElseThrow().defaultValue()).isEqualTo("true");
        assertThat(s.column("released").orElseThrow().datePatterns()).containsExactly("dd/MM/yyyy");
        assertThat(s.column("seen_at").orElseThrow().type()).isEqualTo(ColumnType.DATETIME);
        assertThat(s.column("note").orElseThrow().type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void decimalBoundsKeepTheirExactDigits() {
        Schema s = SchemaLoader.fromJson("""
                {"name":"p","columns":[{"key":"x","type":"decimal","min":0.1,"max":12345678901234567890.12}]}""");
        assertThat(s.columns().get(0).min()).isEqualTo(new BigDecimal("0.1"));
        assertThat(s.columns().get(0).max()).isEqualTo(new BigDecimal("12345678901234567890.12"));
    }

    @Test
    void fromFileNamesTheFileInEveryError() throws IOException {
        Path file = write("user_schema.json", """
                {"name":"user_schema","columns":[{"key":"email","type":"mail"}]}""");
        assertThatThrownBy(() -> SchemaLoader.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user_schema.json: column 'email': unknown type 'mail'; use one of string, integer, decimal,"
                        + " boolean, date, datetime, enum, email");
    }

    @Test
    void readsExistsAsATableAndColumnAndRefusesOtherShapes() {
        Schema schema = SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"manager","type":"email","exists":{"table":"hr.users","column":"email"}}]}""");
        assertThat(schema.columns().get(0).exists()).isEqualTo(new Column.Exists("hr.users", "email"));
        assertThat(schema.columns().get(0).lookup()).isNull(); // bound by the engine to its DataSource
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"m","exists":"users.email"}]}"""))
                .hasMessageContaining("column 'm': 'exists' must be an object naming a table and its column");
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"m","exists":{"table":"users"}}]}"""))
                .hasMessageContaining("column 'm': 'column' is missing");
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"m","exists":{"table":"users; drop table x","column":"email"}}]}"""))
                .hasMessageStartingWith("schema JSON: column 'm': ");
    }

    @Test
    void refusesUnknownKeysNamingColumnAndKey() {
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","columns":[{"key":"email","requried":true}]}"""))
                .hasMessage("schema JSON: column 'email': unknown key 'requried'; use one of key, label, aliases, type,"
                        + " required, minLength, maxLength, min, max, scale, pattern, values, formats, default, unique,"
                        + " description, example, exists");
        assertThatThrownBy(() -> SchemaLoader.fromJson("""
                {"name":"s","colums":[]}"""))
                .hasMessage("schema JSON: unknown key 'colums'; use one of name, table, strict, uniqueKey, columns");
    }

    @Test
    void refusesBadValuesNamingColumnAndKey() {
        assertBad("""
                {"name":"s","columns":[{"key":"n","maxLength":"ten"}]}""", "column 'n': 'maxLength' must be a whole number, got \"ten\"");
        assertBad("""
                {"name":"s","columns":[{"key":"n","maxLength":2.5}]}""", "column 'n': 'maxLength' must be a whole number, got 2.5");
        assertBad("""
                {"name":"s","columns":[{"key":"n","maxLength":0}]}""", "column 'n': maxLength must be greater than 0, got 0");
        assertBad("""
                {"name":"s","columns":[{"key":"n","required":"yes"}]}""", "column 'n': 'required' must be true or false, got \"yes\"");
        assertBad("""
                {"name":"s","columns":[{"key":"n","type":"integer","min":"lots"}]}""", "column 'n': 'min' must be a number, got \"lots\"");
        assertBad("""
                {"name":"s","columns":[{"key":"n","type":"integer","min":5,"max":1}]}""", "column 'n': min 5 is greater than max 1");
        assertBad("""
                {"name":"s","columns":[{"key":"n","pattern":"[a-"}]}""", "column 'n': 'pattern' is not a valid regular expression");
        assertBad("""
                {"name":"s","columns":[{"key":"d","type":"date","formats":["dd/MM/yyyy","dd/MM/yyyy{"]}]}""",
                "column 'd': 'formats' has an invalid date pattern 'dd/MM/yyyy{'");
        assertBad("""
                {"name":"s","columns":[{"key":"r","type":"enum"}]}""", "column 'r': 'values' is missing");
        assertBad("""
                {"name":"s","columns":[{"key":"r","values":["a"]}]}""", "column 'r': 'values' does not apply to type string; it is for enum");
        assertBad("""
                {"name":"s","columns":[{"key":"r","type":"string","scale":2}]}""", "column 'r': 'scale' does not apply to type string");
        assertBad("""
                {"name":"s","columns":[{"key":"r","aliases":["a",3]}]}""", "column 'r': 'aliases' must be an array of strings, but holds 3");
        assertBad("""
                {"name":"s","columns":[{"label":"No key"}]}""", "column 1: 'key' is missing");
        assertBad("""
                {"name":"s","columns":[{"key":"a"},{"key":"a"}]}""", "schema 's' has two columns with key 'a'");
        assertBad("""
                {"name":"s","uniqueKey":["nope"],"columns":[{"key":"a"}]}""", "unique key names unknown column 'nope'");
        assertBad("""
                {"columns":[{"key":"a"}]}""", "'name' is missing");
        assertBad("""
                {"name":"s","columns":[]}""", "'columns' must be a non-empty array");
        assertBad("""
                {"name":"s","columns":[{"key":"a","default":["x"]}]}""", "column 'a': 'default' must be a string, number or boolean");
        assertBad("""
                {"name":"s","strict":1,"columns":[{"key":"a"}]}""", "'strict' must be true or false, got 1");
    }

    @Test
    void refusesBrokenJsonNamingTheLine() {
        assertBad("""
                {"name":"s",
                 "columns":[{"key":"a",}]}""", "not valid JSON at line 2");
        assertBad("""
                {"name":"s","name":"t","columns":[{"key":"a"}]}""", "not valid JSON");
        assertBad("[1,2]", "expected a JSON object");
        assertBad("""
                {"name":"s","columns":[{"key":"a"}]} {}""", "not valid JSON");
    }

    @Test
    void fromDirectoryLoadsEveryJsonFileInNameOrder() throws IOException {
        write("b_orders.json", """
                {"name":"orders","columns":[{"key":"id","type":"integer"}]}""");
        write("a_users.json", USER_SCHEMA);
        write("notes.txt", "not a schema");
        Files.createDirectory(dir.resolve("sub.json"));
        List<Schema> schemas = SchemaLoader.fromDirectory(dir);
        assertThat(schemas).extracting(Schema::name).containsExactly("user_schema", "orders");
    }

    @Test
    void fromDirectoryRefusesTwoSchemasWithOneName() throws IOException {
        write("a.json", """
                {"name":"users","columns":[{"key":"id"}]}""");
        write("b.json", """
                {"name":"users","columns":[{"key":"name"}]}""");
        assertThatThrownBy(() -> SchemaLoader.fromDirectory(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a.json and b.json both declare schema 'users'; schema names must be distinct");
    }

    @Test
    void fromDirectoryReportsTheBadFile() throws IOException {
        write("a.json", """
                {"name":"users","columns":[{"key":"id"}]}""");
        write("b.json", """
                {"name":"orders","columns":[{"key":"id","type":"uuid"}]}""");
        assertThatThrownBy(() -> SchemaLoader.fromDirectory(dir)).hasMessageStartingWith("b.json: column 'id': unknown type 'uuid'");
    }

    @Test
    void missingFileOrDirectoryIsReported() {
        assertThatThrownBy(() -> SchemaLoader.fromFile(dir.resolve("nope.json"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.json");
        assertThatThrownBy(() -> SchemaLoader.fromDirectory(dir.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a directory");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertBad(String json, String expectedPart) {
        assertThatThrownBy(() -> SchemaLoader.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema JSON: ")
                .hasMessageContaining(expectedPart);
    }
}
