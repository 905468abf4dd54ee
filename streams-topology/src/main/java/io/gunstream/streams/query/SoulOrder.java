package io.gunstream.streams.query;

import java.util.Comparator;

/**
 * Souls in Unicode code-point order: the order of their UTF-8 bytes, which is the order RocksDB stores and scans
 * them in. {@code String.compareTo} compares UTF-16 units and puts astral characters before U+E000..U+FFFF.
 */
final class SoulOrder {

    static final Comparator<String> CODE_POINTS = SoulOrder::compare;

    private SoulOrder() {
    }

    static int compare(final String a, final String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            final int ca = a.codePointAt(i);
            final int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
