package dev.sseetl.mapping;

import dev.sseetl.schema.Column;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A header (or a column name) split into words, each normalised with {@link Column#normalizeHeader}, and the
 * spellings it has once common abbreviations are written out: {@code DOB} is also {@code dateofbirth} and
 * {@code birthdate}, {@code Order No.} is also {@code ordernumber}.
 */
final class HeaderWords {
    /** Groups of words and phrases that mean the same in a header; any member stands for every other one. */
    private static final List<List<String>> SYNONYMS = List.of(
            List.of("dob", "date of birth", "birth date", "birthday"),
            List.of("qty", "quantity"),
            List.of("no", "nr", "num", "nbr", "number"),
            List.of("tel", "phone", "telephone", "mobile", "cell"),
            List.of("addr", "address"),
            List.of("dept", "department"),
            List.of("mgr", "manager"),
            List.of("amt", "amount"),
            List.of("desc", "descr", "description"),
            List.of("email", "mail"),
            List.of("fname", "first name", "given name"),
            List.of("lname", "last name", "surname", "family name"),
            List.of("pct", "percent", "percentage"),
            List.of("ref", "reference"),
            List.of("org", "organisation", "organization"),
            List.of("cat", "category"),
            List.of("id", "identifier"));
    private static final Map<String, List<String>> SPELLINGS = new HashMap<>();
    /** At most this many spellings per header, so a header of many abbreviations stays cheap. */
    private static final int MAX_SPELLINGS = 32;

    static {
        for (List<String> group : SYNONYMS) {
            List<String> normalised = group.stream().map(Column::normalizeHeader).toList();
            for (String member : normalised) {
                SPELLINGS.put(member, normalised);
            }
        }
    }

    private final String normalised;
    private final List<String> words;

    private HeaderWords(String text) {
        this.normalised = Column.normalizeHeader(text);
        this.words = split(text);
    }

    static HeaderWords of(String text) {
        return new HeaderWords(text == null ? "" : text);
    }

    /** The whole text normalised ({@link Column#normalizeHeader}). */
    String normalised() {
        return normalised;
    }

    /** The words, each normalised, in order. */
    List<String> words() {
        return words;
    }

    /**
     * Every spelling with abbreviations written out (and written ones abbreviated), normalised, without
     * {@link #normalised()} itself: the whole text as one term, then word by word.
     */
    Set<String> spellings() {
        Set<String> out = new LinkedHashSet<>(SPELLINGS.getOrDefault(normalised, List.of()));
        List<String> partial = List.of("");
        for (String word : words) {
            List<String> alternatives = SPELLINGS.getOrDefault(word, List.of(word));
            List<String> next = new ArrayList<>();
            for (String prefix : partial) {
                for (String alternative : alternatives) {
                    if (next.size() < MAX_SPELLINGS) {
                        next.add(prefix + alternative);
                    }
                }
            }
            partial = next;
        }
        out.addAll(partial);
        out.remove(normalised);
        out.remove("");
        return out;
    }

    /**
     * Splits at every character that is neither a letter, a digit, a combining mark nor a dash (so {@code E-mail}
     * stays one word), and where a lower-case letter is followed by an upper-case one ({@code BirthDate}).
     */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int previous = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (!Character.isLetterOrDigit(cp) && !mark && type != Character.DASH_PUNCTUATION) {
                flush(word, out);
            } else {
                if (Character.isUpperCase(cp) && Character.isLowerCase(previous)) {
                    flush(word, out);
                }
                word.appendCodePoint(cp);
            }
            previous = cp;
        }
        flush(word, out);
        return List.copyOf(out);
    }

    private static void flush(StringBuilder word, List<String> out) {
        String normalised = Column.normalizeHeader(word.toString());
        if (!normalised.isEmpty()) {
            out.add(normalised);
        }
        word.setLength(0);
    }
}
