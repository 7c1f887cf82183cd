package dev.sseetl.rules;

/**
 * The text rules every cell follows, in one place: its white space (the validator and {@link CellTransform#trim()})
 * and how a message shows it.
 */
public final class CellText {
    private CellText() {
    }

    /** Without leading and trailing white space, including no-break spaces and a byte order mark; null if empty. */
    public static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && blank(s.charAt(start))) {
            start++;
        }
        while (end > start && blank(s.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return null;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    /** The text as a message shows it: cut after 60 characters (the 60th becomes an ellipsis). */
    public static String shown(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS - 1) + "…";
    }

    private static final int SHOWN_CHARS = 60;

    private static boolean blank(char c) {
        return c <= ' ' || (c >= '\u0080' && (Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '\uFEFF' || c == '\u200B'));
    }
}
