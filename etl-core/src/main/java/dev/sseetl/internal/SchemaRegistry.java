package dev.sseetl.internal;

import dev.sseetl.ImportException;
import dev.sseetl.commit.JdbcTable;
import dev.sseetl.rules.JdbcLookup;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's schemas by name, in registration order: those given to the builder, then those of the schema folders.
 * A schema that declares a {@link Schema#table() table} and has no target commits into that table of the builder's
 * {@link DataSource}, and a column declaring {@link Column#exists() exists} is checked by a {@link JdbcLookup} of it;
 * this is the only place that binds them, for every host (servlet, Spring, plain Java), and the
 * place that refuses, when the engine is built, such a schema with no DataSource to reach its table (rather than
 * letting its first commit fail).
 */
final class SchemaRegistry {
    private final Map<String, Schema> byName;

    private SchemaRegistry(Map<String, Schema> byName) {
        this.byName = byName;
    }

    /**
     * Loads the folders, binds tables to the DataSource (when there is one), refuses duplicate names, a table that no
     * DataSource reaches and an empty registry.
     *
     * @throws IllegalStateException with a message saying what to fix
     */
    static SchemaRegistry of(List<Schema> schemas, List<Path> directories, DataSource dataSource) {
        List<Schema> all = new ArrayList<>(schemas);
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("Schema folder " + dir.toAbsolutePath()
                        + " does not exist or is not a folder; create it or fix the path given to schemasFrom(...).");
            }
            all.addAll(SchemaLoader.fromDirectory(dir));
        }
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (Schema schema : all) {
            if (byName.putIfAbsent(schema.name(), bound(schema, dataSource)) != null) {
                throw new IllegalStateException("Schema '" + schema.name()
                        + "' is registered twice; give every schema its own name.");
            }
        }
        List<String> unreachable = byName.values().stream()
                .filter(schema -> schema.target() == null && schema.table() != null)
                .map(schema -> "'" + schema.name() + "' (table '" + schema.table() + "')")
                .toList();
        if (!unreachable.isEmpty()) {
            throw new IllegalStateException("Schema " + String.join(", ", unreachable)
                    + " declares a table but has no commit target, and the engine was given no DataSource to reach it."
                    + " Add .dataSource(ds) to EtlEngine.builder(), or give the schema a target with"
                    + " schema.withTarget(JdbcTable.of(ds, schema.table())), or remove its \"table\".");
        }
        if (byName.isEmpty()) {
            throw new IllegalStateException(
                    "No schema registered. Add one with EtlEngine.builder().schema(...) or .schemasFrom(dir).");
        }
        return new SchemaRegistry(byName);
    }

    private static Schema bound(Schema schema, DataSource dataSource) {
        Schema bound = schema;
        if (schema.target() == null && schema.table() != null && dataSource != null) {
            bound = bound.withTarget(JdbcTable.of(dataSource, schema.table()));
        }
        for (Column column : schema.columns()) {
            Column.Exists exists = column.exists();
            if (exists == null) {
                continue;
            }
            if (dataSource == null) {
                throw new IllegalStateException("Schema '" + schema.name() + "', column '" + column.key()
                        + "' checks values against the table '" + exists.table() + "' ('exists'), but the engine has"
                        + " no database: give it one with EtlEngine.builder().dataSource(...).");
            }
            bound = bound.withColumn(column.withLookup(JdbcLookup.of(dataSource, exists.table(), exists.column())));
        }
        return bound;
    }

    /** Every schema, in registration order. */
    List<Schema> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The schema with this name.
     *
     * @throws ImportException NOT_FOUND for an unknown name (or null)
     */
    Schema get(String name) {
        Schema schema = name == null ? null : byName.get(name);
        if (schema == null) {
            throw ImportException.unknownSchema(name);
        }
        return schema;
    }
}
