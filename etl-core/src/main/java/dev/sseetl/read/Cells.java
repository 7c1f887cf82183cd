package dev.sseetl.read;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Conversions of XLSX cell text: escaped characters, numbers as Excel shows them, column letters. */
final class Cells {
    /** Excel keeps and shows 15 significant digits; the XML may carry 17 (binary float noise). */
    private static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    private Cells() {
    }

    /** Appends OOXML text, decoding {@code _xHHHH_} escapes (as {@code _x000D_} for a carriage return). */
    static void appendDecoded(StringBuilder out, String text) {
        if (text.indexOf("_x") < 0) {
            out.append(text);
            return;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '_' && i + 6 < n && text.charAt(i + 1) == 'x' && text.charAt(i + 6) == '_' && isHex(text, i + 2)) {
                out.append((char) Integer.parseInt(text, i + 2, i + 6, 16));
                i += 7;
            } else {
                out.append(c);
                i++;
            }
        }
    }

    static String decoded(String text) {
        if (text.indexOf("_x") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        appendDecoded(out, text);
        return out.toString();
    }

    private static boolean isHex(String text, int from) {
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number as Excel shows it: at most 15 significant digits, no trailing zeros, never an exponent scale.
     *
     * @throws NumberFormatException when the text is not a number
     */
    static BigDecimal number(String text) {
        BigDecimal d = new BigDecimal(text.trim());
        if (d.precision() > 15) {
            d = d.round(EXCEL_DIGITS);
        }
        if (d.scale() > 0) {
            d = d.stripTrailingZeros();
        }
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d;
    }

    /** The 0-based column of a cell reference such as {@code AB12}, or -1 when it has no letters. */
    static int column(String reference) {
        int col = 0;
        int i = 0;
        for (; i < reference.length() && i < 4; i++) {
            char c = reference.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                col = col * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                col = col * 26 + (c - 'a' + 1);
            } else {
                break;
            }
        }
        return i == 0 ? -1 : col - 1;
    }

    /** The row number of a cell or range end reference such as {@code J1000001}, or -1 without digits. */
    static long row(String reference) {
        long row = 0;
        boolean digits = false;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c >= '0' && c <= '9') {
                row = row * 10 + (c - '0');
                digits = true;
                if (row > Integer.MAX_VALUE) {
                    return -1;
                }
            }
        }
        return digits ? row : -1;
    }

    /** Column letters for a 0-based index: 0 = A, 26 = AA. */
    static String letters(int column) {
        StringBuilder s = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            s.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return s.toString();
    }
}
