package io.gunstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.schemas.avro.GunValue;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class AvroConnectDataTest {

    /** Every kind of type the mapping handles, in one record. */
    private static final org.apache.avro.Schema ALL_TYPES = new org.apache.avro.Schema.Parser().parse("""
            {"type": "record", "name": "AllTypes", "namespace": "test", "fields": [
              {"name": "b", "type": "boolean"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "s", "type": "string"},
              {"name": "bytes", "type": "bytes"},
              {"name": "opt", "type": ["null", "string"], "default": null},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "counts", "type": {"type": "map", "values": ["null", "long"]}},
              {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}]}], "default": null},
              {"name": "either", "type": ["int", "string", "Inner"]}
            ]}""");

    @Test
    void gunValueBecomesConfluentsUnionShape() {
        final Schema connect = AvroConnectData.toConnectSchema(GunValue.getClassSchema());
        final Schema union = SchemaBuilder.struct().name("io.confluent.connect.avro.Union").optional()
                .field("boolean", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("double", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("string", Schema.OPTIONAL_STRING_SCHEMA)
                .field("GunLink", SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunLink").optional()
                        .field("soul", Schema.STRING_SCHEMA).build())
                .build();
        assertThat(connect).isEqualTo(SchemaBuilder.struct().name("io.gunstream.schemas.avro.GunValue")
                .field("value", union).build());
    }

    @Test
    void typesMapAsDocumented() {
        final Schema connect = AvroConnectData.toConnectSchema(ALL_TYPES);
        assertThat(connect.name()).isEqualTo("test.AllTypes");
        assertThat(connect.field("opt").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        // [T, "null"] is optional too (the branch order is not kept: it becomes ["null", T] on the way back).
        assertThat(AvroConnectData.toConnectSchema(new org.apache.avro.Schema.Parser().parse("[\"long\", \"null\"]")))
                .isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(connect.field("ts").schema()).isEqualTo(Timestamp.SCHEMA);
        assertThat(connect.field("day").schema()).isEqualTo(Date.SCHEMA);
        assertThat(connect.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(connect.field("bytes").schema()).isEqualTo(Schema.BYTES_SCHEMA);
        final Schema color = connect.field("color").schema();
        assertThat(color.type()).isEqualTo(Schema.Type.STRING);
        assertThat(color.parameters()).containsEntry(AvroConnectData.ENUM_PARAMETER, "test.Color")
                .containsEntry(AvroConnectData.ENUM_PARAMETER + ".GREEN", "GREEN");
        assertThat(connect.field("counts").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(connect.field("inner").schema().isOptional()).isTrue();
        final Schema either = connect.field("either").schema();
        assertThat(either.name()).isEqualTo(AvroConnectData.UNION_NAME);
        assertThat(either.isOptional()).isFalse();
        assertThat(either.fields()).extracting(f -> f.name()).containsExactly("int", "string", "Inner");
    }

    @Test
    void everyTypeRoundTripsAvroToConnectToAvro() {
        final GenericRecord inner = new GenericData.Record(ALL_TYPES.getField("inner").schema().getTypes().get(1));
        inner.put("x", 7);
        final GenericRecord record = new GenericData.Record(ALL_TYPES);
        record.put("b", true);
        record.put("i", -3);
        record.put("l", Long.MAX_VALUE);
        record.put("f", 1.5f);
        record.put("d", -0.0);
        record.put("s", "text");
        record.put("bytes", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("opt", null);
        record.put("color", new GenericData.EnumSymbol(ALL_TYPES.getField("color").schema(), "GREEN"));
        record.put("ts", 1_764_055_800_123L);
        record.put("day", 20_000);
        record.put("amount", ByteBuffer.wrap(new BigDecimal("-12.34").unscaledValue().toByteArray()));
        record.put("hash", new GenericData.Fixed(ALL_TYPES.getField("hash").schema(), new byte[] {9, 8, 7, 6}));
        record.put("tags", List.of("a", "b"));
        record.put("counts", Map.of("k", 1L));
        record.put("inner", inner);
        record.put("either", inner);

        final Schema connect = AvroConnectData.toConnectSchema(ALL_TYPES);
        final Struct struct = (Struct) AvroConnectData.toConnectValue(connect, ALL_TYPES, record);
        struct.validate();
        assertThat(struct.get("ts")).isEqualTo(new java.util.Date(1_764_055_800_123L));
        assertThat(struct.get("amount")).isEqualTo(new BigDecimal("-12.34"));
        assertThat(struct.getBytes("bytes")).containsExactly(1, 2, 3);
        assertThat(struct.getString("color")).isEqualTo("GREEN");
        assertThat(struct.getStruct("either").getStruct("Inner").getInt32("x")).isEqualTo(7);
        assertThat(struct.getStruct("either").get("int")).isNull();

        assertThat(AvroConnectData.toAvroValue(ALL_TYPES, connect, struct)).isEqualTo(record);
        // The Avro schema derived back from the Connect schema reads and writes the same binary form.
        final org.apache.avro.Schema derived = AvroConnectData.toAvroSchema(connect);
        assertThat(SchemaNormalization.toParsingForm(derived)).isEqualTo(SchemaNormalization.toParsingForm(ALL_TYPES));
        assertThat(AvroConnectData.toConnectSchema(derived)).isEqualTo(connect);
    }

    @Test
    void everyGunstreamSchemaSurvivesConnectAndBackInBinaryForm() {
        for (SpecificRecord record : GunRecordSamples.everyType()) {
            final org.apache.avro.Schema avro = record.getSchema();
            final org.apache.avro.Schema derived = AvroConnectData.toAvroSchema(AvroConnectData.toConnectSchema(avro));
            assertThat(SchemaNormalization.toParsingForm(derived)).as(avro.getFullName())
                    .isEqualTo(SchemaNormalization.toParsingForm(avro));
        }
    }

    @Test
    void connectStructsWithoutAvroOriginGetRecordNamesAndNullableUnions() {
        final Schema row = SchemaBuilder.struct().field("soul", Schema.STRING_SCHEMA)
                .field("temp", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("small", Schema.INT16_SCHEMA)
                .build();
        final org.apache.avro.Schema avro = AvroConnectData.toAvroSchema(row);
        assertThat(avro.getFullName()).isEqualTo(AvroConnectData.DEFAULT_RECORD_NAME);
        assertThat(avro.getField("temp").schema().getTypes()).extracting(org.apache.avro.Schema::getType)
                .containsExactly(org.apache.avro.Schema.Type.NULL, org.apache.avro.Schema.Type.DOUBLE);
        assertThat(avro.getField("temp").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
        final Struct value = new Struct(row).put("soul", "a").put("small", (short) 3);
        final Object datum = AvroConnectData.toAvroValue(avro, row, value);
        assertThat(AvroConnectData.toConnectSchema(avro)).isEqualTo(SchemaBuilder.struct()
                .name(AvroConnectData.DEFAULT_RECORD_NAME).field("soul", Schema.STRING_SCHEMA)
                .field("temp", Schema.OPTIONAL_FLOAT64_SCHEMA).field("small", Schema.INT16_SCHEMA).build());
        assertThat(AvroConnectData.toConnectValue(AvroConnectData.toConnectSchema(avro), avro, datum))
                .extracting(s -> ((Struct) s).get("small")).isEqualTo((short) 3);
    }

    @Test
    void missingRequiredValuesAndNonStringMapKeysAreNamed() {
        final Schema connect = AvroConnectData.toConnectSchema(GunValue.getClassSchema());
        final org.apache.avro.Schema link = SpecificData.get().getSchema(io.gunstream.schemas.avro.GunLink.class);
        final Schema linkConnect = AvroConnectData.toConnectSchema(link);
        assertThatThrownBy(() -> AvroConnectData.toAvroValue(link, linkConnect, new Struct(linkConnect)))
                .isInstanceOf(DataException.class).hasMessageContaining("GunLink.soul");
        assertThatThrownBy(() -> AvroConnectData.toAvroSchema(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("INT32 keys");
        assertThat(connect.field("value").schema().isOptional()).isTrue();
    }
}
