package io.gunstream.connect.smt;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect-data shapes of the gunstream Avro records the SMTs read and write (see schemas/src/main/avro). Field names
 * are the Avro ones. Avro's unions have no Connect equivalent, so {@code GunValue} is a struct with one optional
 * field per branch ({@code boolean}, {@code double}, {@code string}, {@code link}), at most one set, none set = Gun's
 * null; the same shape Confluent's AvroData gives a union, so a converter maps it one to one.
 */
public final class GunConnectSchemas {

    public static final Schema GUN_VALUE = SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunValue")
            .field("boolean", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("string", Schema.OPTIONAL_STRING_SCHEMA)
            .field("link", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema GUN_FIELD = SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunField")
            .field("key", Schema.STRING_SCHEMA)
            .field("state", Schema.FLOAT64_SCHEMA)
            .field("value", GUN_VALUE)
            .build();

    public static final Schema ORIGIN = SchemaBuilder.struct().name("io.gunstream.schemas.avro.Origin")
            .field("kind", Schema.STRING_SCHEMA)
            .field("relay_id", Schema.STRING_SCHEMA)
            .field("peer_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("message_id", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    public static final Schema GUN_NODE = SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunNode")
            .field("soul", Schema.STRING_SCHEMA)
            .field("fields", SchemaBuilder.array(GUN_FIELD).build())
            .build();

    public static final Schema GUN_DELTA = SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunDelta")
            .field("soul", Schema.STRING_SCHEMA)
            .field("fields", SchemaBuilder.array(GUN_FIELD).build())
            .field("origin", ORIGIN)
            .field("received_at", org.apache.kafka.connect.data.Timestamp.SCHEMA)
            .build();

    private GunConnectSchemas() {
    }

    /** A GunValue struct holding {@code value} (null, Boolean, a Number as double, String); links via {@link #link}. */
    public static Struct value(final Object value) {
        final Struct struct = new Struct(GUN_VALUE);
        if (value instanceof Boolean b) {
            struct.put("boolean", b);
        } else if (value instanceof Number n) {
            struct.put("double", n.doubleValue());
        } else if (value != null) {
            struct.put("string", value.toString());
        }
        return struct;
    }

    /** A GunValue struct holding a link to {@code soul}. */
    public static Struct link(final String soul) {
        return new Struct(GUN_VALUE).put("link", soul);
    }

    public static Struct field(final String key, final double state, final Struct value) {
        return new Struct(GUN_FIELD).put("key", key).put("state", state).put("value", value);
    }
}
