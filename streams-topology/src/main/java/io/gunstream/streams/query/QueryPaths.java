package io.gunstream.streams.query;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Percent-encoding of souls in request paths and query strings. Souls may contain {@code /}, {@code ?}, {@code #},
 * {@code %}, spaces and any unicode, so clients encode everything but unreserved characters and the server decodes
 * the whole rest of the path: {@code /nodes/devices%2Fd1} and {@code /nodes/devices/d1} name the same soul.
 */
public final class QueryPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QueryPaths() {
    }

    /** Percent-encodes UTF-8 bytes of {@code text} except RFC 3986 unreserved characters ({@code A-Za-z0-9-._~}). */
    public static String encode(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final StringBuilder out = new StringBuilder(bytes.length * 3);
        for (final byte b : bytes) {
            final int c = b & 0xFF;
            // '.' is encoded too, so a soul segment "." or ".." never looks like a dot segment to a proxy
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes percent-escapes of UTF-8 bytes; {@code +} stays {@code +} (path rules) unless {@code plusIsSpace}
     * (query rules).
     *
     * @throws IllegalArgumentException for a broken escape or bytes that are not UTF-8
     */
    public static String decode(final String text, final boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated percent-escape at offset " + i + " in '" + text + "'");
                }
                final int hi = Character.digit(text.charAt(i + 1), 16);
                final int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-escape at offset " + i + " in '" + text + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                final byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    final byte[] pair = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    bytes.write(pair, 0, pair.length);
                    i++;
                } else {
                    bytes.write(utf8, 0, utf8.length);
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes in '" + text + "' are not UTF-8", e);
        }
    }

    /** Parses a raw query string ({@code a=1&b=x%20y}); the first value of a repeated name wins. */
    public static Map<String, String> parseQuery(final String rawQuery) {
        final Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (final String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int eq = pair.indexOf('=');
            final String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            final String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
