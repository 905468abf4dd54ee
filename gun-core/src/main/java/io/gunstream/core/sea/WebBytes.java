package io.gunstream.core.sea;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Byte conversions exactly as the web platform APIs SEA relies on (TextEncoder, atob) perform them. */
final class WebBytes {

    private static final byte[] BASE64_VALUES = new byte[128];

    static {
        java.util.Arrays.fill(BASE64_VALUES, (byte) -1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64_VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private WebBytes() {
    }

    /**
     * {@code new TextEncoder().encode(s)}: UTF-8 where a lone surrogate becomes U+FFFD. Java's
     * {@code getBytes(UTF_8)} writes {@code '?'} instead, which would change every hash over such text.
     */
    static byte[] utf8(final String s) {
        final int length = s.length();
        final byte[] buffer = new byte[length * 3];
        int n = 0;
        for (int i = 0; i < length; i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                final int cp = Character.toCodePoint((char) c, s.charAt(++i));
                buffer[n++] = (byte) (0xF0 | (cp >> 18));
                buffer[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[n++] = (byte) (0x80 | (cp & 0x3F));
                continue;
            }
            if (Character.isSurrogate((char) c)) {
                c = 0xFFFD;
            }
            if (c < 0x80) {
                buffer[n++] = (byte) c;
            } else if (c < 0x800) {
                buffer[n++] = (byte) (0xC0 | (c >> 6));
                buffer[n++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buffer[n++] = (byte) (0xE0 | (c >> 12));
                buffer[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return java.util.Arrays.copyOf(buffer, n);
    }

    static byte[] sha256(final byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** SHA-256 of {@code TextEncoder.encode(text)}. */
    static byte[] sha256(final String text) {
        return sha256(utf8(text));
    }

    /**
     * {@code atob} (WHATWG forgiving-base64 decode): ASCII whitespace is ignored, padding is optional, only the
     * standard alphabet is allowed (base64url's {@code -}/{@code _} are errors).
     *
     * @return the bytes, or {@code null} where {@code atob} throws
     */
    static byte[] forgivingBase64(final String input) {
        final StringBuilder data = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            final char c = input.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
                data.append(c);
            }
        }
        int length = data.length();
        if (length % 4 == 0 && length > 0 && data.charAt(length - 1) == '=') {
            length -= data.charAt(length - 2) == '=' ? 2 : 1;
        }
        if (length % 4 == 1) {
            return null;
        }
        final byte[] out = new byte[length * 3 / 4];
        int bits = 0;
        int bitCount = 0;
        int n = 0;
        for (int i = 0; i < length; i++) {
            final char c = data.charAt(i);
            final int value = c < 128 ? BASE64_VALUES[c] : -1;
            if (value < 0) {
                return null;
            }
            bits = (bits << 6) | value;
            bitCount += 6;
            if (bitCount >= 8) {
                bitCount -= 8;
                out[n++] = (byte) (bits >> bitCount);
                bits &= (1 << bitCount) - 1;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
