package dev.sseetl.schema;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads {@link Schema}s from JSON files, one schema a file (format in docs/schema.md). Every key is checked: an
 * unknown key or a bad value fails with an {@link IllegalArgumentException} whose message names the file, the column
 * and the key at fault, e.g. {@code user_schema.json: column 'email': unknown type 'mail'; use one of string, ...}.
 * A file that cannot be read fails with an {@link UncheckedIOException}. A top-level {@code "$schema"} (for editors,
 * pointing at the JSON Schema shipped as {@code META-INF/sse-etl/schema-file.schema.json}) is ignored.
 */
public final class SchemaLoader {
    /** The keys of a schema object; {@link #EDITOR_KEY} may stand beside them and is ignored. */
    static final List<String> SCHEMA_KEYS = List.of("name", "table", "strict", "uniqueKey", "columns");
    /** The JSON Schema an editor checks the file against (META-INF/sse-etl/schema-file.schema.json in this jar). */
    static final String EDITOR_KEY = "$schema";
    static final List<String> COLUMN_KEYS = List.of("key", "label", "aliases", "type", "required", "minLength",
            "maxLength", "min", "max", "scale", "pattern", "values", "formats", "default", "unique", "description",
            "example", "exists");
    private static final List<String> EXISTS_KEYS = List.of("table", "column");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The builder's names of the constraints whose JSON key differs, as they are quoted in its messages. */
    private static final Map<String, String> JSON_KEYS = Map.of("'allowedValues'", "'values'",
            "'datePatterns'", "'formats'");

    private SchemaLoader() {
    }

    /** A message of this loader, already naming the file and column (as opposed to one of a builder). */
    private static final class JsonShapeException extends IllegalArgumentException {
        JsonShapeException(String message) {
            super(message);
        }
    }

    /** The schema in this JSON text; errors name the column and key at fault (see the class comment). */
    public static Schema fromJson(String json) {
        return parse(json, "schema JSON");
    }

    /** The schema in this UTF-8 JSON file; errors name the file, the column and the key. */
    public static Schema fromFile(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema file " + file + ": " + e.getMessage(), e);
        }
        return parse(json, String.valueOf(file.getFileName()));
    }

    /**
     * Every schema in the {@code *.json} files of this directory (not its subdirectories), in file name order.
     *
     * @throws IllegalArgumentException when the path is not a directory, a file is invalid, or two files declare
     *                                  the same schema name (both files are named)
     */
    public static List<Schema> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Schema directory " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list schema directory " + dir + ": " + e.getMessage(), e);
        }
        List<Schema> schemas = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files) {
            Schema schema = fromFile(file);
            Path other = seen.putIfAbsent(schema.name(), file);
            if (other != null) {
                throw new IllegalArgumentException(other.getFileName() + " and " + file.getFileName()
                        + " both declare schema '" + schema.name() + "'; schema names must be distinct");
            }
            schemas.add(schema);
        }
        return List.copyOf(schemas);
    }

    private static Schema parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object with name and columns");
        }
        return new Reader(source).schema(root);
    }

    /** Reads one document, carrying the file name and current column into every message. */
    private static final class Reader {
        private final String source;
        private String where;

        Reader(String source) {
            this.source = source;
            this.where = source + ": ";
        }

        Schema schema(JsonNode root) {
            checkKeys(root, SCHEMA_KEYS, EDITOR_KEY);
            String name = requiredText(root, "name");
            Schema.Builder schema = Schema.named(name);
            if (root.has("table")) {
                schema.table(text(root, "table"));
            }
            if (root.has("strict")) {
                schema.strict(bool(root, "strict"));
            }
            if (root.has("uniqueKey")) {
                schema.uniqueKey(texts(root, "uniqueKey").toArray(String[]::new));
            }
            JsonNode columns = root.get("columns");
            if (columns == null || !columns.isArray() || columns.isEmpty()) {
                throw fail("'columns' must be a non-empty array of column objects");
            }
            int number = 0;
            for (JsonNode column : columns.values()) {
                number++;
                where = source + ": column " + number + ": ";
                if (!column.isObject()) {
                    throw fail("must be a JSON object with at least a key");
                }
                String key = requiredText(column, "key");
                where = source + ": column '" + key + "': ";
                schema.column(column(column, key));
            }
            where = source + ": ";
            try {
                return schema.build();
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        /**
         * The column, built by {@link Column.Builder}, which owns every rule of a column (which constraint a type
         * takes, ranges, patterns). Only the JSON shape of each value is checked here; the builder's messages are
         * kept, with the file in front and its setter names turned into this format's keys.
         */
        private Column column(JsonNode node, String key) {
            checkKeys(node, COLUMN_KEYS, null);
            try {
                Column.Builder c = Column.of(key, type(node));
                if (node.has("label")) {
                    c.label(text(node, "label"));
                }
                c.aliases(texts(node, "aliases").toArray(String[]::new));
                if (node.has("required")) {
                    c.required(bool(node, "required"));
                }
                if (node.has("unique")) {
                    c.unique(bool(node, "unique"));
                }
                if (node.has("values")) {
                    c.allowedValues(texts(node, "values").toArray(String[]::new));
                }
                if (node.has("formats")) {
                    c.datePatterns(texts(node, "formats").toArray(String[]::new));
                }
                if (node.has("minLength")) {
                    c.minLength(whole(node, "minLength"));
                }
                if (node.has("maxLength")) {
                    c.maxLength(whole(node, "maxLength"));
                }
                if (node.has("scale")) {
                    c.scale(whole(node, "scale"));
                }
                if (node.has("min")) {
                    c.min(number(node, "min"));
                }
                if (node.has("max")) {
                    c.max(number(node, "max"));
                }
                if (node.has("pattern")) {
                    c.pattern(text(node, "pattern"));
                }
                if (node.has("default")) {
                    c.defaultValue(scalar(node, "default"));
                }
                if (node.has("description")) {
                    c.description(text(node, "description"));
                }
                if (node.has("example")) {
                    c.example(scalar(node, "example"));
                }
                if (node.has("exists")) {
                    JsonNode exists = node.get("exists");
                    if (!exists.isObject()) {
                        throw fail("'exists' must be an object naming a table and its column, e.g. "
                                + "{\"table\": \"users\", \"column\": \"email\"}, got " + exists);
                    }
                    checkKeys(exists, EXISTS_KEYS, null);
                    c.exists(requiredText(exists, "table"), requiredText(exists, "column"));
                }
                return c.build();
            } catch (JsonShapeException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                String column = "column '" + key + "': "; // how the builder starts its messages
                String problem = e.getMessage().startsWith(column) ? e.getMessage().substring(column.length())
                        : e.getMessage();
                for (Map.Entry<String, String> name : JSON_KEYS.entrySet()) {
                    problem = problem.replace(name.getKey(), name.getValue());
                }
                throw new IllegalArgumentException(source + ": " + column + problem, e);
            }
        }

        private ColumnType type(JsonNode node) {
            if (!node.has("type")) {
                return ColumnType.STRING;
            }
            String name = text(node, "type");
            for (ColumnType t : ColumnType.values()) {
                if (t.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw fail("unknown type '" + name + "'; use one of "
                    + Arrays.stream(ColumnType.values()).map(ColumnType::wireName).collect(Collectors.joining(", ")));
        }

        /** Fails on a key neither known nor {@code ignored} (null: none is). */
        private void checkKeys(JsonNode node, List<String> known, String ignored) {
            for (String key : node.propertyNames()) {
                if (!known.contains(key) && !key.equals(ignored)) {
                    throw fail("unknown key '" + key + "'; use one of " + String.join(", ", known));
                }
            }
        }

        private String requiredText(JsonNode node, String key) {
            if (!node.has(key)) {
                throw fail("'" + key + "' is missing");
            }
            String value = text(node, key);
            if (value.isBlank()) {
                throw fail("'" + key + "' must not be blank");
            }
            return value;
        }

        private String text(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (!value.isString()) {
                throw fail("'" + key + "' must be a string, got " + value);
            }
            return value.stringValue();
        }

        /** A string, number or boolean as text (for default and example values). */
        private String scalar(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value.isNull()) {
                return null;
            }
            if (value.isString()) {
                return value.stringValue();
            }
            if (value.isNumber()) {
                return value.decimalValue().toPlainString();
            }
            if (value.isBoolean()) {
                return String.valueOf(value.booleanValue());
            }
            throw fail("'" + key + "' must be a string, number or boolean, got " + value);
        }

        /** An array of strings (a single string counts as one); empty when absent. */
        private List<String> texts(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value == null) {
                return List.of();
            }
            if (value.isString()) {
                return List.of(value.stringValue());
            }
            if (!value.isArray()) {
                throw fail("'" + key + "' must be an array of strings, got " + value);
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : value.values()) {
                if (!item.isString()) {
                    throw fail("'" + key + "' must be an array of strings, but holds " + item);
                }
                items.add(item.stringValue());
            }
            return items;
        }

        private boolean bool(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (!value.isBoolean()) {
                throw fail("'" + key + "' must be true or false, got " + value);
            }
            return value.booleanValue();
        }

        private int whole(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw fail("'" + key + "' must be a whole number, got " + value);
            }
            return value.intValue();
        }

        /** A JSON number, or a string holding one (for values beyond double precision). */
        private BigDecimal number(JsonNode node, String key) {
            JsonNode value = node.get(key);
            if (value.isNumber()) {
                return value.decimalValue();
            }
            if (value.isString()) {
                try {
                    return new BigDecimal(value.stringValue().strip());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw fail("'" + key + "' must be a number, got " + value);
        }

        private IllegalArgumentException fail(String message) {
            return new JsonShapeException(where + message);
        }
    }
}
