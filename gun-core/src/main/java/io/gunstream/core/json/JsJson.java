package io.gunstream.core.json;

/**
 * The bits of JavaScript's {@code JSON.stringify} that Gun's semantics depend on: string quoting and number
 * formatting, byte-for-byte as V8 produces them.
 *
 * <p>Why by hand: gun.js decides equal-state conflicts by comparing {@code JSON.stringify(value)} as text and
 * signs SEA payloads over {@code JSON.stringify} output, so any difference from V8 (escaping of control
 * characters and lone surrogates, number layout) changes results. Jackson's generator escapes differently
 * (e.g. it leaves lone surrogates unescaped and can escape non-ASCII), so it cannot be used for these texts.
 */
public final class JsJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsJson() {
    }

    /** {@code JSON.stringify(s)} for a string: quotes plus the escapes of ES2019 well-formed JSON.stringify. */
    public static String quote(final String s) {
        final StringBuilder out = new StringBuilder(s.length() + 2);
        appendQuoted(out, s);
        return out.toString();
    }

    /** Appends {@code JSON.stringify(s)} to {@code out}. */
    public static void appendQuoted(final StringBuilder out, final String s) {
        out.append('"');
        final int length = s.length();
        for (int i = 0; i < length; i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        appendUnicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            appendUnicodeEscape(out, c); // lone high surrogate
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        appendUnicodeEscape(out, c); // lone low surrogate
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code JSON.stringify(n)} for a finite number (see {@link JsNumbers}). */
    public static String number(final double value) {
        return JsNumbers.toJsString(value);
    }

    private static void appendUnicodeEscape(final StringBuilder out, final char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
