package dev.sseetl.validate;

/** The white space rule every cell's text follows, in one place (the validator and {@code CellTransform.trim()}). */
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

    private static boolean blank(char c) {
        return c <= ' ' || (c >= '\u0080' && (Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '\uFEFF' || c == '\u200B'));
    }
}
