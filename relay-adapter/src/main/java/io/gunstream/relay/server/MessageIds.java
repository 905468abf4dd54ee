package io.gunstream.relay.server;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Random ids in gun.js's shape ({@code String.random(9)}: letters and digits). */
public final class MessageIds {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private MessageIds() {
    }

    /** A 9-character message id, as gun.js makes them. */
    public static String next() {
        return random(9);
    }

    /** {@code length} random characters; connection and relay ids use a cryptographic source so they never repeat. */
    public static String random(final int length) {
        final char[] out = new char[length];
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** An id that must not collide with other relays' or earlier runs' ids (connection ids, relay ids). */
    public static String unique(final int length) {
        final SecureRandom random = new SecureRandom();
        final char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
