package dev.sseetl.servlet;

import dev.sseetl.CellError;
import dev.sseetl.ImportStatus;
import dev.sseetl.Preview;
import dev.sseetl.ProgressSnapshot;
import dev.sseetl.StagedRow;
import dev.sseetl.Replacement;
import dev.sseetl.RowEdit;
import dev.sseetl.Summary;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import dev.sseetl.schema.ValueFormat;
import dev.sseetl.sse.ProgressEvents;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** The JSON bodies of the servlet's routes. The field names are the HTTP contract the UI and clients rely on. */
final class JsonViews {
    private final JsonMapper mapper;

    JsonViews(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"error":{"code":..,"message":..}}}. */
    ObjectNode error(String code, String message) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root;
    }

    /** The preview contract: import, schema, status, columns, summary, paging and rows with values and errors. */
    ObjectNode preview(Preview p) {
        ObjectNode root = mapper.createObjectNode();
        root.put("importId", p.job().id());
        root.put("schema", p.schema().name());
        root.put("status", p.job().state().name());
        ArrayNode columns = root.putArray("columns");
        for (Column c : p.schema().columns()) {
            ObjectNode col = columns.addObject();
            col.put("key", c.key());
            col.put("label", c.label());
            col.put("type", c.type().wireName());
            col.put("required", c.required());
        }
        root.set("summary", summary(p.summary()));
        root.put("page", p.page());
        root.put("size", p.size());
        root.put("filter", p.filter().name().toLowerCase(Locale.ROOT));
        ArrayNode rows = root.putArray("rows");
        List<Column> cols = p.schema().columns();
        for (StagedRow r : p.rows()) {
            row(rows.addObject(), r, cols);
        }
        return root;
    }

    /** A row edited in the preview, in the preview's row shape plus {@code summary}: the counts afterwards. */
    ObjectNode rowEdit(RowEdit edit, Schema schema) {
        ObjectNode root = mapper.createObjectNode();
        row(root, edit.row(), schema.columns());
        root.set("summary", summary(edit.summary()));
        return root;
    }

    /** The counts after a removal. */
    ObjectNode summaryOnly(Summary summary) {
        ObjectNode root = mapper.createObjectNode();
        root.set("summary", summary(summary));
        return root;
    }

    /** How many rows a replacement changed, with the counts afterwards. */
    ObjectNode replacement(Replacement replacement) {
        ObjectNode root = mapper.createObjectNode();
        root.put("changed", replacement.changed());
        root.set("summary", summary(replacement.summary()));
        return root;
    }

    /** One staged row: number, validity, edited, values by column key (raw text where refused), errors. */
    private void row(ObjectNode row, StagedRow r, List<Column> cols) {
        {
            row.put("row", r.row());
            row.put("valid", r.valid());
            row.put("edited", r.edited());
            ObjectNode values = row.putObject("values");
            for (int i = 0; i < cols.size(); i++) {
                Object value = i < r.values().size() ? r.values().get(i) : null;
                String raw = i < r.raw().size() ? r.raw().get(i) : null;
                // A cell that could not be converted shows what the file said, so the person can fix it.
                values.put(cols.get(i).key(), value != null ? ValueFormat.format(value) : raw);
            }
            ArrayNode errors = row.putArray("errors");
            for (CellError e : r.errors()) {
                ObjectNode err = errors.addObject();
                err.put("column", e.column());
                err.put("code", e.code());
                err.put("message", e.message());
            }
        }
    }

    /** Everything a polling client needs: state, file, both phases' latest progress and the staged counts. */
    ObjectNode status(ImportStatus s) {
        ObjectNode root = mapper.createObjectNode();
        root.put("importId", s.job().id());
        root.put("schema", s.job().schema());
        root.put("state", s.job().state().name());
        root.put("fileName", s.job().fileName());
        root.put("format", s.job().format() == null ? null : s.job().format().extension());
        root.put("createdAt", s.job().createdAt() == null ? null : s.job().createdAt().toString());
        root.put("updatedAt", s.job().updatedAt() == null ? null : s.job().updatedAt().toString());
        if (s.job().message() != null) {
            root.put("message", s.job().message());
        }
        ObjectNode metadata = root.putObject("metadata");
        s.job().metadata().forEach(metadata::put);
        root.set("buffer", progress(s.buffer()));
        root.set("commit", progress(s.commit()));
        root.set("summary", summary(s.summary() == null ? Summary.EMPTY : s.summary()));
        return root;
    }

    private tools.jackson.databind.JsonNode progress(ProgressSnapshot snapshot) {
        return snapshot == null ? mapper.nullNode() : mapper.readTree(ProgressEvents.json(snapshot));
    }

    private ObjectNode summary(Summary s) {
        ObjectNode node = mapper.createObjectNode();
        node.put("total", s.total());
        node.put("valid", s.valid());
        node.put("invalid", s.invalid());
        node.put("removed", s.removed());
        return node;
    }

    /** Every schema with its columns, for UIs that build forms or help from them. */
    ObjectNode schemas(List<Schema> schemas) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode list = root.putArray("schemas");
        for (Schema s : schemas) {
            ObjectNode schema = list.addObject();
            schema.put("name", s.name());
            if (s.table() != null) {
                schema.put("table", s.table());
            }
            schema.put("strict", s.strict());
            ArrayNode key = schema.putArray("uniqueKey");
            s.uniqueKey().forEach(key::add);
            ArrayNode columns = schema.putArray("columns");
            for (Column c : s.columns()) {
                ObjectNode col = columns.addObject();
                col.put("key", c.key());
                col.put("label", c.label());
                col.put("type", c.type().wireName());
                col.put("required", c.required());
                col.put("unique", c.unique());
                if (!c.aliases().isEmpty()) {
                    ArrayNode aliases = col.putArray("aliases");
                    c.aliases().forEach(aliases::add);
                }
                if (!c.allowedValues().isEmpty()) {
                    ArrayNode values = col.putArray("values");
                    c.allowedValues().forEach(values::add);
                }
                if (c.description() != null) {
                    col.put("description", c.description());
                }
                if (c.example() != null) {
                    col.put("example", c.example());
                }
            }
        }
        return root;
    }
}
