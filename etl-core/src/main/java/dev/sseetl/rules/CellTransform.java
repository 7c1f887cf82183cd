package dev.sseetl.rules;

import dev.sseetl.rules.CellText;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites a cell's text before it is converted and validated: trimming, case, normalising a phone number, mapping a
 * legacy code. Called only for a non-empty cell, with its text as read (outer white space already removed); returning
 * null or blank text makes the cell empty (so a required column reports it, or the column's default applies). The
 * staged raw text stays the text as read, so the person sees what the file said.
 */
@FunctionalInterface
public interface CellTransform {
    /** The new text of a cell whose text is {@code text} (never null); null for an empty cell. */
    String apply(String text);

    /** This transform, then {@code next} on its result (skipped when this one emptied the cell). */
    default CellTransform andThen(CellTransform next) {
        Objects.requireNonNull(next, "next");
        return text -> {
            String first = apply(text);
            return first == null || first.isEmpty() ? null : next.apply(first);
        };
    }

    /**
     * Removes white space at both ends, including no-break spaces and a byte order mark (what the engine removes
     * around every cell as read), e.g. after another transform; null when nothing is left.
     */
    static CellTransform trim() {
        return CellText::trim;
    }

    /** Replaces every run of white space inside the text by one space, and trims it. */
    static CellTransform collapseWhitespace() {
        return text -> text.strip().replaceAll("[\\s\\u00A0\\u2007\\u202F]+", " ");
    }

    /** Upper case by the rules of {@link Locale#ROOT} (so {@code i} becomes {@code I} in every locale). */
    static CellTransform upperCase() {
        return text -> text.toUpperCase(Locale.ROOT);
    }

    /** Lower case by the rules of {@link Locale#ROOT}. */
    static CellTransform lowerCase() {
        return text -> text.toLowerCase(Locale.ROOT);
    }

    /**
     * Keeps the digits of a phone number and a leading {@code +}: {@code +62 (21) 555-0199} becomes
     * {@code +62215550199}. Text without a digit is left as it is, so the column's own rules can refuse it.
     */
    static CellTransform phoneDigits() {
        return text -> {
            StringBuilder sb = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    sb.append(c);
                } else if (c == '+' && sb.length() == 0) {
                    sb.append(c);
                }
            }
            return sb.chars().anyMatch(Character::isDigit) ? sb.toString() : text;
        };
    }

    /**
     * Replaces a legacy code by its current one, e.g. {@code Map.of("OLD-7", "SKU-0007")}; other text unchanged.
     * Keys match exactly (combine with {@link #upperCase()} first to ignore case).
     */
    static CellTransform mapping(Map<String, String> legacyToCurrent) {
        Map<String, String> map = Map.copyOf(legacyToCurrent);
        return text -> map.getOrDefault(text, text);
    }
}
