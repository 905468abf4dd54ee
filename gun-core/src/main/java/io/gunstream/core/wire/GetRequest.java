package io.gunstream.core.wire;

import io.gunstream.core.graph.Souls;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code get} of a message: {@code {"#": soul}} for a whole node, {@code {"#": soul, ".": key}} for one
 * key. Anything else gun.js may put there (a lexical {@code "."} object, a {@code "%"} byte limit) is kept
 * verbatim in {@code extra}.
 *
 * @param soul  the node asked for; a valid soul
 * @param key   the key asked for, or null for the whole node
 * @param extra other fields of the get object, by name; unmodifiable, never containing {@code "#"}, nor
 *              {@code "."} when {@code key} is set
 */
public record GetRequest(String soul, String key, Map<String, RawJson> extra) {

    public GetRequest {
        Souls.requireValidSoul(soul);
        if (key != null) {
            Souls.requireValidKey(soul, key);
        }
        extra = extra == null || extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if (extra.containsKey("#") || (key != null && extra.containsKey("."))) {
            throw new IllegalArgumentException("get extra fields must not repeat '#' or '.': " + extra.keySet());
        }
    }

    /** {@code {"#": soul}}. */
    public static GetRequest node(final String soul) {
        return new GetRequest(soul, null, Map.of());
    }

    /** {@code {"#": soul, ".": key}}. */
    public static GetRequest field(final String soul, final String key) {
        return new GetRequest(soul, key, Map.of());
    }

    public Optional<String> keyOpt() {
        return Optional.ofNullable(key);
    }
}
