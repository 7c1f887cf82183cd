package dev.sseetl.read;

/**
 * The one rule for control characters in cell text: U+0000 and the other C0 controls are refused, except tab, line
 * feed and carriage return, which spreadsheets use inside cells. Databases refuse NUL in text (PostgreSQL fails the
 * whole chunk), and the others are invisible in a preview, so a file holding one fails naming where it is.
 */
final class ControlCharacters {
    private ControlCharacters() {
    }

    static boolean isRefused(char c) {
        return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    }

    /** The index of the first refused character in the text, or -1 when there is none. */
    static int firstRefused(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (isRefused(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The character for a message: "a control character (U+0000, NUL)". */
    static String describe(char c) {
        return String.format("a control character (U+%04X%s)", (int) c, c == 0 ? ", NUL" : "");
    }
}
