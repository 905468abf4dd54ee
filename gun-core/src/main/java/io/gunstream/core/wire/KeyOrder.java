package io.gunstream.core.wire;

import io.gunstream.core.json.JsPropertyOrder;
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

    private final Comparator<String> comparator;

    KeyOrder(final Comparator<String> comparator) {
        this.comparator = comparator;
    }

    Comparator<String> comparator() {
        return comparator;
    }

    private static int compareV8(final String a, final String b) {
        final long ia = JsPropertyOrder.arrayIndex(a);
        final long ib = JsPropertyOrder.arrayIndex(b);
        if (ia >= 0 || ib >= 0) {
            if (ia >= 0 && ib >= 0) {
                return Long.compare(ia, ib);
            }
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
