package dev.sseetl.template;

import dev.sseetl.schema.Column;

import java.util.ArrayList;
import java.util.List;

/** A column's description and rules as the sentences of its header comment. */
final class Rules {
    private Rules() {
    }

    static String describe(Column c) {
        List<String> lines = new ArrayList<>();
        if (c.description() != null && !c.description().isBlank()) {
            lines.add(c.description().trim());
        }
        lines.add(c.required() ? "Required." : "Optional.");
        lines.add(switch (c.type()) {
            case STRING -> "Text.";
            case INTEGER -> "A whole number.";
            case DECIMAL -> c.scale() == null ? "A number." : "A number with at most " + c.scale() + " decimal places.";
            case BOOLEAN -> "true or false (yes/no also work).";
            case DATE -> "A date" + formats(c) + ".";
            case DATETIME -> "A date and time" + formats(c) + ".";
            case ENUM -> "One of: " + String.join(", ", c.allowedValues()) + ".";
            case EMAIL -> "An e-mail address.";
        });
        if (c.minLength() != null && c.maxLength() != null) {
            lines.add(c.minLength() + " to " + c.maxLength() + " characters.");
        } else if (c.maxLength() != null) {
            lines.add("At most " + c.maxLength() + " characters.");
        } else if (c.minLength() != null) {
            lines.add("At least " + c.minLength() + " characters.");
        }
        if (c.min() != null) {
            lines.add("At least " + c.min().toPlainString() + ".");
        }
        if (c.max() != null) {
            lines.add("At most " + c.max().toPlainString() + ".");
        }
        if (c.pattern() != null) {
            lines.add("Must match " + c.pattern().pattern() + ".");
        }
        if (c.unique()) {
            lines.add("Each value only once per file.");
        }
        if (c.defaultValue() != null) {
            lines.add("Empty means " + c.defaultValue() + ".");
        }
        return String.join("\n", lines);
    }

    private static String formats(Column c) {
        if (c.datePatterns().isEmpty()) {
            return c.type() == dev.sseetl.schema.ColumnType.DATE ? " (yyyy-MM-dd)" : " (yyyy-MM-ddTHH:mm)";
        }
        return " (" + String.join(" or ", c.datePatterns()) + ")";
    }
}
