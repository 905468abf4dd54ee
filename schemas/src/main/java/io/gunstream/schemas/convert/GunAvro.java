package io.gunstream.schemas.convert;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lossless conversions between gun-core's graph values and the Avro records: a number stays a double (sign of
 * {@code -0} and every bit kept), {@code "1"} stays a string, a link stays a link, field order is kept.
 * Avro → gun-core re-applies gun-core's validity rules, so a record that breaks them (written by a foreign
 * producer) fails with {@link InvalidGraphException} naming soul and key, or {@link InvalidRecordException}
 * for shapes gun-core cannot hold (duplicate keys, foreign value types).
 */
public final class GunAvro {

    private GunAvro() {
    }

    /** gun-core value → Avro value. */
    public static io.gunstream.schemas.avro.GunValue toAvro(final GunValue value) {
        Objects.requireNonNull(value, "value");
        final Object branch;
        if (value instanceof GunValue.Bool b) {
            branch = b.value();
        } else if (value instanceof GunValue.Num n) {
            branch = n.value();
        } else if (value instanceof GunValue.Str s) {
            branch = requireWellFormed(s.value(), null, null, "string value");
        } else if (value instanceof GunValue.Link l) {
            branch = new GunLink(requireWellFormed(l.soul(), null, null, "link soul"));
        } else {
            branch = null;
        }
        return new io.gunstream.schemas.avro.GunValue(branch);
    }

    /** Avro value → gun-core value. */
    public static GunValue toCore(final io.gunstream.schemas.avro.GunValue value) {
        if (value == null) {
            throw new InvalidRecordException(InvalidRecordException.MISSING_PART, null, null, "GunValue record is null");
        }
        final Object branch = value.getValue();
        if (branch == null) {
            return GunValue.NULL;
        }
        if (branch instanceof Boolean b) {
            return GunValue.of(b);
        }
        if (branch instanceof Double d) {
            return GunValue.of(d);
        }
        if (branch instanceof CharSequence s) {
            return GunValue.of(s.toString());
        }
        if (branch instanceof GunLink link) {
            return GunValue.link(link.getSoul());
        }
        throw new InvalidRecordException(InvalidRecordException.UNSUPPORTED_VALUE_TYPE, null, null,
                branch.getClass().getName() + " is not a Gun value type (null, boolean, double, string, GunLink)");
    }

    /** One field → Avro. */
    public static GunField toAvro(final String key, final FieldState field) {
        requireWellFormed(key, null, key, "key");
        try {
            return new GunField(key, field.state(), toAvro(field.value()));
        } catch (final InvalidRecordException e) {
            throw e.at(null, key);
        }
    }

    /** Avro field → gun-core field state (the key is the caller's). */
    public static FieldState toCore(final GunField field) {
        return new FieldState(field.getState(), toCore(field.getValue()));
    }

    /** Fields of node {@code soul} in their iteration order. */
    public static List<GunField> toAvroFields(final String soul, final Map<String, FieldState> fields) {
        requireWellFormed(soul, soul, null, "soul");
        final List<GunField> out = new ArrayList<>(fields.size());
        fields.forEach((key, field) -> {
            try {
                out.add(toAvro(key, field));
            } catch (final InvalidRecordException e) {
                throw e.at(soul, key);
            }
        });
        return out;
    }

    /**
     * Returns {@code s} if it is well-formed UTF-16 (every surrogate paired), else throws
     * {@link InvalidRecordException} with {@link InvalidRecordException#ILL_FORMED_UNICODE}.
     */
    public static String requireWellFormed(final String s, final String soul, final String key, final String what) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidRecordException(InvalidRecordException.ILL_FORMED_UNICODE, soul, key, what
                        + " has a lone surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + " at index " + i + "; Avro and Kafka strings are UTF-8 and cannot carry it");
            }
        }
        return s;
    }

    /** Avro fields → gun-core node of {@code soul}, order kept; checks gun-core's rules. */
    public static GunNode toCoreNode(final String soul, final List<GunField> fields) {
        if (fields == null) {
            throw new InvalidRecordException(InvalidRecordException.MISSING_PART, soul, null, "fields list is null");
        }
        final GunNode.Builder out = GunNode.builder(soul, fields.size());
        for (final GunField field : fields) {
            final String key = field.getKey();
            final FieldState state;
            try {
                state = toCore(field);
            } catch (final InvalidGraphException e) {
                throw e.at(soul, key);
            } catch (final InvalidRecordException e) {
                throw e.at(soul, key);
            }
            if (!out.putNew(key, state)) {
                throw new InvalidRecordException(InvalidRecordException.DUPLICATE_KEY, soul, key,
                        "a node or delta holds each key once");
            }
        }
        return out.build();
    }

    /** gun-core node → Avro node. */
    public static io.gunstream.schemas.avro.GunNode toAvro(final GunNode node) {
        return new io.gunstream.schemas.avro.GunNode(node.soul(), toAvroFields(node.soul(), node.fields()));
    }

    /** Avro node → gun-core node. */
    public static GunNode toCore(final io.gunstream.schemas.avro.GunNode node) {
        return toCoreNode(node.getSoul(), node.getFields());
    }

    /** A delta putting {@code fields} (soul and fields of a gun-core node) from {@code origin}, received at {@code receivedAt}. */
    public static GunDelta toDelta(final GunNode fields, final Origin origin, final Instant receivedAt) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(receivedAt, "receivedAt");
        return new GunDelta(fields.soul(), toAvroFields(fields.soul(), fields.fields()), origin, receivedAt);
    }

    /** The soul and fields of a delta as a gun-core node, ready for HAM (origin and time stay on the Avro record). */
    public static GunNode toCore(final GunDelta delta) {
        return toCoreNode(delta.getSoul(), delta.getFields());
    }
}
