package io.gunstream.core.wire;

import java.util.Comparator;

/**
 * Orders of object keys in gun.js's JSON output. gun.js on Node serialises with YSON ({@code lib/yson.js}),
 * which emits every object's keys in {@code Object.keys(o).sort()} order (UTF-16 code units, like
 * {@link String#compareTo}). In a browser gun.js uses {@code JSON.stringify}; for the {@code ##} hash it first
 * copies objects with sorted keys, but V8 then lists array-index keys ({@code "0"}..{@code "4294967294"}) first,
 * in numeric order.
 */
public enum KeyOrder {
    /** {@code Object.keys(o).sort()}: what gun.js on Node writes and hashes. */
    SORTED(Comparator.naturalOrder()),
    /** Sorted, then array-index keys first in numeric order: {@code JSON.stringify} of a sorted copy in V8. */
    V8_SORTED(KeyOrder::compareV8);

    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    private final Comparator<String> comparator;

    KeyOrder(final Comparator<String> comparator) {
        this.comparator = comparator;
    }

    Comparator<String> comparator() {
        return comparator;
    }

    private static int compareV8(final String a, final String b) {
        final long ia = arrayIndex(a);
        final long ib = arrayIndex(b);
        if (ia >= 0 || ib >= 0) {
            if (ia >= 0 && ib >= 0) {
                return Long.compare(ia, ib);
            }
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** The array index a property key denotes in JavaScript, or -1 (canonical decimal, at most 2^32-2). */
    static long arrayIndex(final String key) {
        final int n = key.length();
        if (n == 0 || n > 10 || (n > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            final char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= MAX_ARRAY_INDEX ? value : -1;
    }
}
