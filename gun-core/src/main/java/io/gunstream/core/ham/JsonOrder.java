package io.gunstream.core.ham;

import io.gunstream.core.graph.GunValue;

/**
 * The order of {@code JSON.stringify(a)} vs {@code JSON.stringify(b)} as JavaScript compares strings (UTF-16
 * code units), which is HAM's equal-state tie-break. Decides without building the JSON texts where it safely
 * can (different first characters, plain strings, equal values) and falls back to comparing the texts.
 */
final class JsonOrder {

    private JsonOrder() {
    }

    /** Negative, zero or positive as {@code JSON(a)} is less than, equal to or greater than {@code JSON(b)}. */
    static int compare(final GunValue a, final GunValue b) {
        final char fa = firstChar(a);
        final char fb = firstChar(b);
        if (fa != fb) {
            return fa - fb;
        }
        if (a instanceof GunValue.Str sa && b instanceof GunValue.Str sb) {
            return compareQuoted(sa.value(), sb.value());
        }
        if (a instanceof GunValue.Link la && b instanceof GunValue.Link lb) {
            // {"#":"soul"} — same prefix, then the quoted soul followed by '}' (a quote comes first either way)
            return compareQuoted(la.soul(), lb.soul());
        }
        if (a.equals(b)) {
            return 0; // booleans, null, numbers equal in JavaScript (0 and -0 both print "0")
        }
        return a.toJson().compareTo(b.toJson());
    }

    private static char firstChar(final GunValue v) {
        if (v instanceof GunValue.Str) {
            return '"';
        }
        if (v instanceof GunValue.Num n) {
            return n.value() < 0 ? '-' : '0'; // any digit: same-first-char numbers are compared in full below
        }
        if (v instanceof GunValue.Bool b) {
            return b.value() ? 't' : 'f';
        }
        if (v instanceof GunValue.Link) {
            return '{';
        }
        return 'n';
    }

    /**
     * Compares two strings as their JSON quotations would compare. When neither contains a character that JSON
     * escapes or that sorts below the closing quote ({@code < 0x23}, backslash, surrogates), the quotation is
     * the string itself between quotes and the plain comparison gives the same order; otherwise quote and
     * compare.
     */
    private static int compareQuoted(final String a, final String b) {
        if (plain(a) && plain(b)) {
            return a.compareTo(b);
        }
        return GunValue.of(a).toJson().compareTo(GunValue.of(b).toJson());
    }

    private static boolean plain(final String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            final char c = s.charAt(i);
            if (c < 0x23 || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
