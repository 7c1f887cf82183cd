package dev.sseetl.examples.spring;

import dev.sseetl.EtlEngine;
import dev.sseetl.ImportException;
import dev.sseetl.examples.DemoDatabase;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo page at {@code /} and {@code GET /demo/rows/{schema}}: the committed rows of a schema's table, newest
 * first, at most 200, as {@code {"schema","table","columns","rows"}} (the same answer as the Jetty demo). The import
 * routes themselves come from the auto-configured servlet at {@code /api/etl}; {@code /etl-ui/*} and
 * {@code /webjars/*} are Spring MVC's static resources from the etl-ui and Vue jars.
 */
@RestController
class DemoController {
    private final EtlEngine engine;
    private final DemoDatabase database;

    DemoController(EtlEngine engine, DemoDatabase database) {
        this.engine = engine;
        this.database = database;
    }

    @GetMapping("/")
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache())
                .body(new ClassPathResource("demo/index.html"));
    }

    @GetMapping("/demo/rows/{schema}")
    ResponseEntity<Map<String, Object>> rows(@PathVariable("schema") String name) {
        Schema schema;
        try {
            schema = engine.schema(name);
        } catch (ImportException e) {
            schema = null;
        }
        if (schema == null || schema.table() == null) {
            return error(404, "NOT_FOUND", "No demo table for schema '" + name + "'. Schemas: "
                    + engine.schemas().stream().filter(s -> s.table() != null).map(Schema::name).toList());
        }
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("schema", name);
            body.put("table", schema.table());
            body.put("columns", schema.columns().stream().map(Column::key).toList());
            body.put("rows", database.newestRows(schema, schema.table(), 200));
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
        } catch (SQLException e) {
            return error(500, "INTERNAL", "Reading table " + schema.table() + " failed: " + e.getMessage());
        }
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String code, String message) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .body(Map.of("error", Map.of("code", code, "message", message)));
    }
}
