package io.gunstream.core.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The order in which V8 lists an object's own keys ({@code Object.keys}, {@code JSON.stringify}): array-index keys
 * ({@code "0"}..{@code "4294967294"}) first in numeric order, then the other keys in insertion order. gun.js hashes
 * ({@code ##}) and SEA-signs JSON text, so gunstream must reproduce this order where it rebuilds such text.
 */
public final class JsPropertyOrder {

    /** Largest array index is 2^32 - 2 (ECMAScript "array index"). */
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private JsPropertyOrder() {
    }

    /** The array index a property key denotes in JavaScript (canonical decimal, at most 2^32-2), or -1. */
    public static long arrayIndex(final String key) {
        final int length = key.length();
        if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            final char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX ? value : -1;
    }

    /** Keys given in insertion order, listed as V8 lists them. */
    public static List<String> ownKeys(final Collection<String> insertionOrder) {
        final List<String> indices = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (final String key : insertionOrder) {
            (arrayIndex(key) >= 0 ? indices : names).add(key);
        }
        if (indices.isEmpty()) {
            return names;
        }
        indices.sort((a, b) -> Long.compare(arrayIndex(a), arrayIndex(b)));
        indices.addAll(names);
        return indices;
    }
}
