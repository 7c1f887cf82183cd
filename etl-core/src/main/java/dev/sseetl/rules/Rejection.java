package dev.sseetl.rules;

import dev.sseetl.CellError;
import dev.sseetl.schema.ValueFormat;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a value was refused: a stable code, a phrase that follows "Label 'value' " (e.g. {@code is not a whole number})
 * and the parameters a translation needs. The phrase may name a parameter in braces, {@code must be after {start}};
 * {@link #filledPhrase()} puts the parameter's value there. The engine's converters and the host's rules
 * ({@link dev.sseetl.rules.CellCheck}, {@link dev.sseetl.rules.RowRule}) return the same type, so every refusal
 * reaches the preview as a {@link CellError} of the same shape.
 *
 * @param code   a stable machine code: lower case letters, digits and {@code _}, starting with a letter
 * @param phrase the words after "Label 'value' ", without a final full stop
 * @param params values a translation may use, by name; never null (empty when there are none)
 */
public record Rejection(String code, String phrase, Map<String, Object> params) {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /**
     * @throws IllegalArgumentException when the code is not lower-case snake case or the phrase is blank
     */
    public Rejection {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("rejection code must be lower case letters, digits and _, starting "
                    + "with a letter (e.g. end_before_start), got '" + code + "'");
        }
        if (phrase == null || phrase.isBlank()) {
            throw new IllegalArgumentException("rejection '" + code + "' needs a phrase, e.g. \"is not a known SKU\"");
        }
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /**
     * The refusal of a value that a host rule or look-up could not check because it threw: code {@code rule_failed}.
     */
    public static Rejection ruleFailed() {
        return RULE_FAILED;
    }

    private static final Rejection RULE_FAILED = of("rule_failed", "could not be checked because of an error on"
            + " the server; try again later, and if it fails again, tell the site's administrators");

    /** A rejection without parameters. */
    public static Rejection of(String code, String phrase) {
        return new Rejection(code, phrase, Map.of());
    }

    /** A rejection whose phrase names some of {@code params} in braces. */
    public static Rejection of(String code, String phrase, Map<String, ?> params) {
        return new Rejection(code, phrase, Map.copyOf(Objects.requireNonNull(params, "params")));
    }

    /** The phrase with each {@code {name}} replaced by its parameter (formatted like the preview formats values). */
    public String filledPhrase() {
        if (params.isEmpty() || phrase.indexOf('{') < 0) {
            return phrase;
        }
        Matcher m = PLACEHOLDER.matcher(phrase);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = params.containsKey(name) ? Objects.toString(ValueFormat.format(params.get(name)), "")
                    : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sb).toString();
    }

    /**
     * The error this rejection puts on one cell: "Label 'text' phrase." or, for an empty cell, "Label phrase.".
     *
     * @param key   the schema column key
     * @param label the column's label
     * @param text  the cell's text (cut after 60 characters in the message), or null when the cell is empty
     */
    public CellError toError(String key, String label, String text) {
        return new CellError(key, code, label + (text == null ? " " : " '" + CellText.shown(text) + "' ")
                + filledPhrase() + ".");
    }
}
