package io.gunstream.core.graph;

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

    /**
     * Checks the soul and, unless {@code fields} come from a {@link Builder} or another node (already checked and
     * never changed afterwards, so taken as they are), checks every key and state and keeps an unmodifiable copy.
     */
    public GunNode {
        if (fields instanceof NodeFields checked) {
            if (checked.soul == null || !checked.soul.equals(soul)) {
                Souls.requireValidSoul(soul);
            }
        } else {
            Souls.requireValidSoul(soul);
            final LinkedHashMap<String, FieldState> copy = new LinkedHashMap<>(fields.size() * 2);
            for (final Map.Entry<String, FieldState> e : fields.entrySet()) {
                Builder.check(soul, e.getKey(), e.getValue());
                copy.put(e.getKey(), e.getValue());
            }
            fields = new NodeFields(soul, copy);
        }
    }

    /** A node without fields. */
    public static GunNode empty(final String soul) {
        return new GunNode(soul, NodeFields.EMPTY);
    }

    /** Starts a node builder for {@code soul}, checking the soul now. */
    public static Builder builder(final String soul) {
        return new Builder(Souls.requireValidSoul(soul), new LinkedHashMap<>(), false);
    }

    /** Starts a node builder for {@code soul} sized for {@code expectedFields} fields, checking the soul now. */
    public static Builder builder(final String soul, final int expectedFields) {
        return new Builder(Souls.requireValidSoul(soul), new LinkedHashMap<>(capacity(expectedFields)), false);
    }

    /**
     * A builder for this soul holding this node's fields in their order; it copies them on its first change, so
     * the node itself never changes.
     */
    public Builder toBuilder() {
        return new Builder(soul, ((NodeFields) fields).map, true);
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

    /** A {@code HashMap} capacity that holds {@code n} entries without rehashing (load factor 0.75). */
    private static int capacity(final int n) {
        return n < 3 ? n + 1 : (int) Math.min(Integer.MAX_VALUE, n * 4L / 3 + 1);
    }

    /**
     * Collects fields in insertion order, checking each key and state as it is put (the soul is checked when the
     * builder starts), so {@link #build()} hands its map to the node without copying or checking it again. A
     * builder may be used again after {@code build()}: its next change copies the map first, so a built node never
     * changes. Not thread-safe.
     */
    public static final class Builder {
        private final String soul;
        private LinkedHashMap<String, FieldState> fields;
        /** {@link #fields} belongs to a node (one built here, or the one {@code toBuilder} started from): copy it before the next change. */
        private boolean shared;

        private Builder(final String soul, final LinkedHashMap<String, FieldState> fields, final boolean shared) {
            this.soul = soul;
            this.fields = fields;
            this.shared = shared;
        }

        /** Sets {@code key} (replacing its field in place if present, else appending). */
        public Builder put(final String key, final double state, final GunValue value) {
            return put(key, new FieldState(state, value));
        }

        /** Sets {@code key} (replacing its field in place if present, else appending). */
        public Builder put(final String key, final FieldState field) {
            check(soul, key, field);
            writable().put(key, field);
            return this;
        }

        /**
         * Appends {@code key} unless the builder already holds it.
         *
         * @return false, leaving the present field, when {@code key} is already there
         */
        public boolean putNew(final String key, final FieldState field) {
            check(soul, key, field);
            return writable().putIfAbsent(key, field) == null;
        }

        /**
         * Sets every field of {@code node} in its order, as {@link #put(String, FieldState)} one by one would (its
         * keys are checked already); the node's soul is not compared with this builder's.
         */
        public Builder putAll(final GunNode node) {
            writable().putAll(((NodeFields) node.fields).map);
            return this;
        }

        public boolean containsKey(final String key) {
            return fields.containsKey(key);
        }

        /** The number of fields put so far. */
        public int size() {
            return fields.size();
        }

        /** The node with the fields put so far. */
        public GunNode build() {
            shared = true;
            return new GunNode(soul, new NodeFields(soul, fields));
        }

        private LinkedHashMap<String, FieldState> writable() {
            if (shared) {
                fields = new LinkedHashMap<>(fields);
                shared = false;
            }
            return fields;
        }

        static void check(final String soul, final String key, final FieldState field) {
            Souls.requireValidKey(soul, key);
            if (field == null) {
                throw new InvalidGraphException(GraphRule.MISSING_STATE, soul, key, null);
            }
        }
    }
}
