package io.gunstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.connect.smt.GunConnectSchemas;
import io.gunstream.connect.smt.GunNodeToRow;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.serde.GunAvroSerde;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class GunAvroConverterTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    private GunAvroConverter converter() {
        final GunAvroConverter converter = new GunAvroConverter(registry);
        converter.configure(Map.of(), false);
        return converter;
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> byte[] write(final String topic, final T record) {
        try (GunAvroSerde<T> serde = GunAvroSerde.specific((Class<T>) record.getClass(), registry)) {
            serde.configure(Map.of(), false);
            return serde.serializer().serialize(topic, record);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> T read(final String topic, final Class<?> type, final byte[] bytes) {
        try (GunAvroSerde<T> serde = GunAvroSerde.specific((Class<T>) type, registry)) {
            serde.configure(Map.of(), false);
            return serde.deserializer().deserialize(topic, bytes);
        }
    }

    @Test
    void everyGunstreamRecordTypeRoundTripsToTheSameBytes() {
        final GunAvroConverter converter = converter();
        for (SpecificRecord record : GunRecordSamples.everyType()) {
            final String topic = "t." + record.getSchema().getName();
            final byte[] written = write(topic, record);
            final SchemaAndValue connect = converter.toConnectData(topic, written);
            ((Struct) connect.value()).validate();
            assertThat(connect.schema()).isEqualTo(AvroConnectData.toConnectSchema(record.getSchema()));

            final byte[] again = converter.fromConnectData(topic, connect.schema(), connect.value());
            // Same schema id, same body: Avro → Connect → Avro lost nothing.
            assertThat(again).as(record.toString()).isEqualTo(written);
            assertThat((Object) read(topic, record.getClass(), again)).isEqualTo(record);
        }
    }

    @Test
    void theSmtShapesAreWhatTheConverterReads() {
        final GunAvroConverter converter = converter();
        assertThat(converter.toConnectData("gun.nodes", write("gun.nodes", GunRecordSamples.node())).schema())
                .isEqualTo(GunConnectSchemas.GUN_NODE);
        assertThat(converter.toConnectData("gun.deltas", write("gun.deltas", GunRecordSamples.delta())).schema())
                .isEqualTo(GunConnectSchemas.GUN_DELTA);
    }

    @Test
    void aGunDeltaBuiltByAnSmtIsWrittenWithTheExactGunDeltaSchema() {
        // What CdcToGunDelta emits, given to a converter that has read nothing yet.
        final Struct delta = new Struct(GunConnectSchemas.GUN_DELTA).put("soul", "people/7")
                .put("fields", List.of(
                        GunConnectSchemas.field("name", 1_700_000_000_123.0, GunConnectSchemas.value("ann")),
                        GunConnectSchemas.field("boss", 1_700_000_000_123.0, GunConnectSchemas.link("people/1")),
                        GunConnectSchemas.field("gone", 1_700_000_000_123.0, GunConnectSchemas.value(null))))
                .put("origin", new Struct(GunConnectSchemas.ORIGIN).put("kind", "CDC").put("relay_id", "postgres")
                        .put("message_id", "24023128"))
                .put("received_at", new java.util.Date(1_700_000_000_200L));
        final byte[] bytes = converter().fromConnectData("gun.deltas", GunConnectSchemas.GUN_DELTA, delta);

        assertThat(registry.versions("gun.deltas-value")).singleElement()
                .satisfies(id -> assertThat(registry.schemaById(id)).isEqualTo(GunDelta.getClassSchema()));
        final GunDelta read = read("gun.deltas", GunDelta.class, bytes);
        assertThat(read.getSoul()).isEqualTo("people/7");
        assertThat(read.getOrigin().getKind().name()).isEqualTo("CDC");
        assertThat(read.getOrigin().getMessageId()).isEqualTo("24023128");
        assertThat(read.getReceivedAt().toEpochMilli()).isEqualTo(1_700_000_000_200L);
        assertThat(read.getFields()).extracting(f -> f.getValue().getValue() == null ? null : f.getValue().getValue().toString())
                .containsExactly("ann", "{\"soul\": \"people/1\"}", null);
    }

    @Test
    void gunNodeToRowWorksOnWhatTheConverterReads() {
        final SchemaAndValue node = converter().toConnectData("gun.nodes", write("gun.nodes", GunRecordSamples.node()));
        final GunNodeToRow<SinkRecord> smt = new GunNodeToRow<>();
        smt.configure(Map.of("table.map", "devices:device_state"));
        final SinkRecord row = smt.apply(new SinkRecord("gun.nodes", 0, Schema.STRING_SCHEMA, "devices/d1",
                node.schema(), node.value(), 5));
        final Struct value = (Struct) row.value();
        assertThat(row.topic()).isEqualTo("device_state");
        assertThat(value.getBoolean("on")).isTrue();
        assertThat(value.getFloat64("temp")).isEqualTo(21.5);
        assertThat(value.getFloat64("zero")).isEqualTo(-0.0);
        assertThat(value.getString("name")).isEqualTo("kitchen");
        assertThat(value.getString("owner")).isEqualTo("users/alice");
        assertThat(value.get("gone")).isNull();
    }

    @Test
    void otherConnectStructsGetADerivedSchemaAndReadBack() {
        final GunAvroConverter converter = converter();
        final Schema schema = SchemaBuilder.struct().name("app.Row").field("id", Schema.INT64_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
        final Struct value = new Struct(schema).put("id", 7L);
        final byte[] bytes = converter.fromConnectData("rows", schema, value);
        final SchemaAndValue back = converter().toConnectData("rows", bytes);
        assertThat(back.schema()).isEqualTo(schema);
        assertThat(back.value()).isEqualTo(value);
    }

    @Test
    void tombstonesStayNullAndForeignInputIsADataException() {
        final GunAvroConverter converter = converter();
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter.fromConnectData("t", GunConnectSchemas.GUN_NODE, null)).isNull();
        assertThatThrownBy(() -> converter.toConnectData("t", "{\"json\":1}".getBytes()))
                .isInstanceOf(DataException.class).hasMessageContaining("not Confluent-framed");
        assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {0, 0, 0, 0, 99, 1}))
                .isInstanceOf(DataException.class).hasMessageContaining("schema id 99");
        assertThatThrownBy(() -> converter.fromConnectData("t", Schema.STRING_SCHEMA, "soul"))
                .isInstanceOf(DataException.class).hasMessageContaining("StringConverter");
        final byte[] node = write("t", new GunNode("a", List.of()));
        // A body that does not follow its writer schema (truncated) is refused, not misread.
        assertThatThrownBy(() -> converter.toConnectData("t", java.util.Arrays.copyOf(node, node.length - 1)))
                .isInstanceOf(DataException.class);
    }
}
