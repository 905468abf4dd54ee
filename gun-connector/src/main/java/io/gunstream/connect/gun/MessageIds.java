package io.gunstream.connect.gun;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * gun.js-style message ids ({@code String.random(9)} in {@code src/shim.js}) and a bounded memory of ids already
 * seen, to drop messages a relay delivers twice (gun's {@code dup} does the same for 9 s).
 *
 * <p>Thread-safe.
 */
public final class MessageIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 9;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Boolean> seen;

    /** Remembers at most {@code capacity} ids (oldest forgotten first). */
    public MessageIds(final int capacity) {
        this.seen = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A fresh 9-character id. */
    public String next() {
        final char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    /** Records {@code id}; false when it was seen before (a duplicate). A null id is never a duplicate. */
    public synchronized boolean firstTime(final String id) {
        return id == null || seen.put(id, Boolean.TRUE) == null;
    }
}
