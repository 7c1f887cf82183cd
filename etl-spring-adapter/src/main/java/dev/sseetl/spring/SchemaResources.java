package dev.sseetl.spring;

import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads every {@code *.json} schema file of a Spring resource location (a classpath folder, also inside a jar, or a
 * file folder), in file-name order.
 */
final class SchemaResources {
    private SchemaResources() {
    }

    /** The schemas of the location's {@code *.json} files; empty when the location is missing or holds none. */
    static List<Schema> load(ResourcePatternResolver resolver, String location) {
        String folder = location.endsWith("/") ? location : location + "/";
        Resource[] files;
        try {
            files = resolver.getResources(folder + "*.json");
        } catch (FileNotFoundException e) {
            return List.of(); // a classpath folder that does not exist
        } catch (IOException e) {
            throw new IllegalStateException("Could not list the schema files of etl.schemas-location '" + location
                    + "': " + e.getMessage(), e);
        }
        List<Schema> schemas = new ArrayList<>();
        Arrays.stream(files)
                .filter(Resource::isReadable)
                .sorted(Comparator.comparing(r -> Objects.requireNonNullElse(r.getFilename(), "")))
                .forEach(file -> schemas.add(read(file)));
        return schemas;
    }

    private static Schema read(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return SchemaLoader.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not read schema file " + file.getDescription() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Schema file " + file.getDescription() + " is not a valid schema: "
                    + e.getMessage(), e);
        }
    }
}
