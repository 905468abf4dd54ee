package io.gunstream.core.wire;

import io.gunstream.core.graph.GunNode;
import java.util.Map;

/**
 * gun.js's {@code ##} message hash: {@code String.hash} ({@code src/shim.js}) over the put serialised with sorted
 * keys ({@code mesh.hash} in {@code src/mesh.js}).
 *
 * <p>{@code String.hash} is {@code c = ((c<<5)-c) + charCode; c |= 0} over UTF-16 code units, which is exactly
 * {@link String#hashCode()}. gun.js feeds the text in 32,768-character chunks, seeding each chunk with the
 * previous result; since the seed is the running state, that equals one pass over the whole text.
 *
 * <p>The text differs by platform, so there are two flavours: gun.js on Node (relays) serialises through YSON
 * and really sorts every object's keys ({@link KeyOrder#SORTED}); in a browser, {@code JSON.stringify} with the
 * sorting replacer puts array-index keys such as {@code "7"} first ({@link KeyOrder#V8_SORTED}). They agree
 * whenever no soul or key is an array index. gun.js only uses {@code ##} to drop duplicate replies, so a
 * mismatch costs a duplicate, never data.
 */
public final class GunHash {

    private GunHash() {
    }

    /** The {@code ##} gun.js on Node computes for a reply carrying {@code put}. */
    public static int of(final Map<String, GunNode> put) {
        return hash(json(put, KeyOrder.SORTED));
    }

    /** The {@code ##} for {@code put} in the given key order. */
    public static int of(final Map<String, GunNode> put, final KeyOrder order) {
        return hash(json(put, order));
    }

    /** The text gun.js hashes: the put with keys in {@code order}, as gun.js prints it. */
    public static String json(final Map<String, GunNode> put, final KeyOrder order) {
        final StringBuilder out = new StringBuilder(256);
        JsonOut.appendGraph(out, put, order.comparator());
        return out.toString();
    }

    /** gun.js {@code String.hash(text)} (and {@code String.hash('') === 0}). */
    public static int hash(final String text) {
        return text.hashCode();
    }
}
