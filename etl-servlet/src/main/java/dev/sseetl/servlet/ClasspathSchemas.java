package dev.sseetl.servlet;

import dev.sseetl.schema.Schema;
import dev.sseetl.schema.SchemaLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads the {@code *.json} schema files of a classpath folder ({@code classpath:etl-schemas/}): from every folder of
 * that name the class loader sees, on disk ({@code WEB-INF/classes}) or inside a jar ({@code WEB-INF/lib}), in file-name
 * order; not its subfolders. Two files declaring one schema name are refused by the engine. A jar must hold the folder's
 * own entry (as jars built by Maven or Gradle do), or the class loader does not see the folder.
 */
final class ClasspathSchemas {
    /** The prefix that marks a classpath location in {@code sse-etl.schemas}. */
    static final String PREFIX = "classpath:";

    private ClasspathSchemas() {
    }

    static boolean isClasspathLocation(String location) {
        return location.startsWith(PREFIX);
    }

    /**
     * The schemas of the folder named by {@code location} ({@code classpath:etl-schemas/} or {@code classpath:/a/b}).
     *
     * @throws IllegalArgumentException when no such folder is on the classpath, or it holds no schema file
     */
    static List<Schema> load(String location, ClassLoader loader) {
        String folder = location.substring(PREFIX.length()).strip();
        while (folder.startsWith("/")) {
            folder = folder.substring(1);
        }
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            folder += "/";
        }
        List<URL> roots;
        try {
            roots = Collections.list(loader.getResources(folder));
        } catch (IOException e) {
            throw new UncheckedIOException("sse-etl.schemas '" + location + "': cannot list the classpath: "
                    + e.getMessage(), e);
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("sse-etl.schemas is '" + location + "', but the classpath has no folder "
                    + folder + "; put your *.json schema files in src/main/resources/" + folder
                    + " (WEB-INF/classes/" + folder + ") or point sse-etl.schemas at a folder on disk");
        }
        Map<String, String> files = new LinkedHashMap<>(); // source -> JSON text
        for (URL root : roots) {
            files.putAll(jsonFiles(root, folder));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("sse-etl.schemas is '" + location + "', but " + roots
                    + " holds no *.json schema file");
        }
        List<Map.Entry<String, String>> ordered = new ArrayList<>(files.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1)));
        List<Schema> schemas = new ArrayList<>();
        for (Map.Entry<String, String> file : ordered) {
            try {
                schemas.add(SchemaLoader.fromJson(file.getValue()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Schema file " + file.getKey() + " is not a valid schema: "
                        + e.getMessage(), e);
            }
        }
        return schemas;
    }

    /** The JSON files directly in one classpath folder, by where they come from. */
    private static Map<String, String> jsonFiles(URL root, String folder) {
        Map<String, String> found = new LinkedHashMap<>();
        try {
            if ("file".equals(root.getProtocol())) {
                Path dir = Path.of(root.toURI());
                try (var listing = Files.list(dir)) {
                    for (Path file : listing.filter(Files::isRegularFile).filter(p -> isJson(p.toString())).toList()) {
                        found.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
                return found;
            }
            URLConnection connection = root.openConnection();
            if (connection instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    for (JarEntry entry : Collections.list(file.entries())) {
                        String name = entry.getName();
                        if (!entry.isDirectory() && name.startsWith(folder) && name.indexOf('/', folder.length()) < 0
                                && isJson(name)) {
                            try (InputStream in = file.getInputStream(entry)) {
                                found.put(jar.getJarFileURL() + "!/" + name,
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
                return found;
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalArgumentException("Cannot read the schema files of " + root + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("Cannot list the schema files of " + root + " (a " + root.getProtocol()
                + " URL); copy them to a folder and point sse-etl.schemas at it");
    }

    private static boolean isJson(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }
}
