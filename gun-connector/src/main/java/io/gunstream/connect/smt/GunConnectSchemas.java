package io.gunstream.connect.smt;

import io.gunstream.connect.avro.AvroConnectData;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect-data shapes of the gunstream Avro records the SMTs read and write, derived from the {@code .avsc} schemas
 * by {@link AvroConnectData}: exactly what {@code GunAvroConverter} (and Confluent's {@code AvroConverter}) produce.
 * {@code GunValue} is a struct with one optional field {@code value}, which holds Avro's union as a struct named
 * {@value AvroConnectData#UNION_NAME} with one optional field per branch ({@code boolean}, {@code double},
 * {@code string}, {@code GunLink} = struct {@code {soul}}); at most one set, {@code value} null = Gun's null.
 */
public final class GunConnectSchemas {

    public static final Schema GUN_NODE = AvroConnectData.toConnectSchema(GunNode.getClassSchema());
    public static final Schema GUN_DELTA = AvroConnectData.toConnectSchema(GunDelta.getClassSchema());
    public static final Schema GUN_FIELD = GUN_NODE.field("fields").schema().valueSchema();
    public static final Schema GUN_VALUE = GUN_FIELD.field("value").schema();
    /** The union inside {@link #GUN_VALUE} (optional: null is Gun's null). */
    public static final Schema GUN_VALUE_UNION = GUN_VALUE.field("value").schema();
    public static final Schema GUN_LINK = GUN_VALUE_UNION.field(GunLink.getClassSchema().getName()).schema();
    public static final Schema ORIGIN = GUN_DELTA.field("origin").schema();

    private static final String LINK_BRANCH = GunLink.getClassSchema().getName();

    private GunConnectSchemas() {
    }

    /** A GunValue struct holding {@code value} (null, Boolean, a Number as double, String); links via {@link #link}. */
    public static Struct value(final Object value) {
        final Struct struct = new Struct(GUN_VALUE);
        if (value instanceof Boolean b) {
            struct.put("value", new Struct(GUN_VALUE_UNION).put("boolean", b));
        } else if (value instanceof Number n) {
            struct.put("value", new Struct(GUN_VALUE_UNION).put("double", n.doubleValue()));
        } else if (value != null) {
            struct.put("value", new Struct(GUN_VALUE_UNION).put("string", value.toString()));
        }
        return struct;
    }

    /** A GunValue struct holding a link to {@code soul}. */
    public static Struct link(final String soul) {
        return new Struct(GUN_VALUE).put("value",
                new Struct(GUN_VALUE_UNION).put(LINK_BRANCH, new Struct(GUN_LINK).put("soul", soul)));
    }

    public static Struct field(final String key, final double state, final Struct value) {
        return new Struct(GUN_FIELD).put("key", key).put("state", state).put("value", value);
    }

    /** What a GunValue struct holds: null, Boolean, Double, String, or a {@link Link}. */
    public static Object unwrap(final Struct gunValue) {
        final Struct union = gunValue.getStruct("value");
        if (union == null) {
            return null;
        }
        if (union.get("boolean") != null) {
            return union.get("boolean");
        }
        if (union.get("double") != null) {
            return union.get("double");
        }
        if (union.get("string") != null) {
            return union.get("string");
        }
        final Struct link = union.getStruct(LINK_BRANCH);
        return link == null ? null : new Link(link.getString("soul"));
    }

    /** A Gun link as {@link #unwrap} returns it; {@code toString()} is the linked soul. */
    public record Link(String soul) {
        public Link {
            if (soul == null || soul.isEmpty()) {
                throw new IllegalArgumentException("a Gun link needs a non-empty soul");
            }
        }

        @Override
        public String toString() {
            return soul;
        }
    }
}
