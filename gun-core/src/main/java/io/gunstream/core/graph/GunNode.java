package io.gunstream.core.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable Gun node: a soul and its fields, each with value and HAM state. In gun.js wire form this is
 * {@code {"_":{"#":soul,">":{key:state}}, key:value}}. Field order is kept as given (gun.js preserves
 * insertion order on the wire).
 *
 * @param soul   the node's identity
 * @param fields key → value and state; unmodifiable
 */
public record GunNode(String soul, Map<String, FieldState> fields) {

    public GunNode {
        Souls.requireValidSoul(soul);
        final Map<String, FieldState> copy = new LinkedHashMap<>(fields.size() * 2);
        for (final Map.Entry<String, FieldState> e : fields.entrySet()) {
            Souls.requireValidKey(soul, e.getKey());
            if (e.getValue() == null) {
                throw new InvalidGraphException(GraphRule.MISSING_STATE, soul, e.getKey(), null);
            }
            copy.put(e.getKey(), e.getValue());
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /** A node without fields. */
    public static GunNode empty(final String soul) {
        return new GunNode(soul, Map.of());
    }

    /** Starts a node builder for {@code soul}. */
    public static Builder builder(final String soul) {
        return new Builder(soul);
    }

    public Optional<FieldState> field(final String key) {
        return Optional.ofNullable(fields.get(key));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** True when every field is null (all deleted): the node may become a Kafka tombstone where configured. */
    public boolean isAllNull() {
        return fields.values().stream().allMatch(f -> f.value() instanceof GunValue.Null);
    }

    /** Collects fields in insertion order; {@link #build()} validates. */
    public static final class Builder {
        private final String soul;
        private final Map<String, FieldState> fields = new LinkedHashMap<>();

        private Builder(final String soul) {
            this.soul = soul;
        }

        public Builder put(final String key, final double state, final GunValue value) {
            fields.put(key, new FieldState(state, value));
            return this;
        }

        public Builder put(final String key, final FieldState field) {
            fields.put(key, field);
            return this;
        }

        public GunNode build() {
            return new GunNode(soul, fields);
        }
    }
}
