package dev.sseetl.validate;

/**
 * A practical e-mail address check, without regular expressions: {@code local@domain.tld} with no spaces, a local
 * part of at most 64 characters from the usual set (no leading, trailing or doubled dot), and a domain of at least
 * two dot-separated labels of letters, digits and inner hyphens, ending in a top-level label of two or more
 * letters. Letters may be non-ASCII (internationalised domains and addresses).
 */
final class EmailAddress {
    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    private EmailAddress() {
    }

    static boolean isValid(String s) {
        int at = s.indexOf('@');
        if (at <= 0 || at > 64 || at != s.lastIndexOf('@') || s.length() > 254) {
            return false;
        }
        return localPartIsValid(s, at) && domainIsValid(s, at + 1);
    }

    private static boolean localPartIsValid(String s, int end) {
        char previous = '.';
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return false;
                }
            } else if (!Character.isLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    private static boolean domainIsValid(String s, int start) {
        int labels = 0;
        int labelStart = start;
        for (int i = start; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (!labelIsValid(s, labelStart, i)) {
                    return false;
                }
                labels++;
                if (i == s.length()) {
                    return labels >= 2 && topLevelIsValid(s, labelStart, i);
                }
                labelStart = i + 1;
            }
        }
        return false;
    }

    private static boolean labelIsValid(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean topLevelIsValid(String s, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        // "xn--p1ai" is how a non-ASCII top-level domain is written in ASCII.
        if (s.regionMatches(true, from, "xn--", 0, 4)) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
