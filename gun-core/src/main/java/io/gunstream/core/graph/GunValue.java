package io.gunstream.core.graph;

import io.gunstream.core.json.JsJson;

/**
 * A value of a Gun node field, with exactly the types {@code Gun.valid} accepts: null (a delete), boolean,
 * finite number, string, or a link to another node. Nested objects are never values: they are separate nodes
 * referenced by a {@link Link}.
 */
public sealed interface GunValue permits GunValue.Null, GunValue.Bool, GunValue.Num, GunValue.Str, GunValue.Link {

    /** The value as JavaScript's {@code JSON.stringify} prints it (used by HAM's tie-break and by SEA). */
    String toJson();

    /** The single null value: a deleted field (a tombstone for that key). */
    Null NULL = new Null();

    static GunValue of(final boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    static GunValue of(final double value) {
        return new Num(value);
    }

    static GunValue of(final String value) {
        return new Str(value);
    }

    static GunValue link(final String soul) {
        return new Link(soul);
    }

    /** JSON null. */
    record Null() implements GunValue {
        @Override
        public String toJson() {
            return "null";
        }
    }

    /** JSON boolean. */
    record Bool(boolean value) implements GunValue {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);

        @Override
        public String toJson() {
            return value ? "true" : "false";
        }
    }

    /**
     * A finite double (JavaScript number). {@code -0} is kept as given but prints as {@code 0}, as in
     * JavaScript.
     */
    record Num(double value) implements GunValue {
        public Num {
            if (!Double.isFinite(value)) {
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null,
                        "number " + value + " is not finite (JSON cannot carry NaN or Infinity)");
            }
        }

        @Override
        public String toJson() {
            return JsJson.number(value);
        }

        @Override
        public boolean equals(final Object other) {
            // JavaScript equality: -0 === 0. Records compare doubles bitwise, which would split them.
            return other instanceof Num n && n.value == value;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value == 0 ? 0.0 : value);
        }
    }

    /** A string (any UTF-16 content, including lone surrogates as JavaScript allows). */
    record Str(String value) implements GunValue {
        public Str {
            if (value == null) {
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null, "string value is null");
            }
        }

        @Override
        public String toJson() {
            return JsJson.quote(value);
        }
    }

    /** A link {@code {'#': soul}} to another node. */
    record Link(String soul) implements GunValue {
        public Link {
            if (soul == null || soul.isEmpty()) {
                throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null, "link must name a non-empty soul");
            }
        }

        @Override
        public String toJson() {
            return "{\"#\":" + JsJson.quote(soul) + "}";
        }
    }
}
