package io.gunstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.RelayInfo;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.registry.InMemorySchemaRegistry;
import io.gunstream.schemas.serde.GunSerializationException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class GunAvroSerdeTest {

    private static final String TOPIC = "gun.deltas";
    /** Each byte differs, so a wrong byte order in the frame shows. */
    private static final int FIRST_ID = 0x01020304;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(FIRST_ID);

    static GunDelta delta() {
        return new GunDelta("people/ann", List.of(
                new GunField("name", 1_700_000_000_000.5, new GunValue("Ann")),
                new GunField("age", 1_700_000_000_001.0, new GunValue(42.0)),
                new GunField("id", 3.0, new GunValue("1")),
                new GunField("friend", 4.0, new GunValue(new GunLink("people/bob"))),
                new GunField("gone", 5.0, new GunValue(null)),
                new GunField("ok", 6.0, new GunValue(true))),
                new Origin(SourceKind.RELAY, "relay-1", "peer-7", "msg-9"), Instant.ofEpochMilli(1_700_000_000_123L));
    }

    private GunAvroSerde<GunDelta> serde(final Map<String, ?> config) {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class, registry);
        serde.configure(config, false);
        return serde;
    }

    private byte[] frame() {
        return serde(Map.of()).serializer().serialize(TOPIC, delta());
    }

    private GunSerializationException failure(final byte[] data) {
        final Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> serde(Map.of()).deserializer().deserialize(TOPIC, data));
        assertThat(thrown).isInstanceOf(GunSerializationException.class);
        return (GunSerializationException) thrown;
    }

    @Test
    void frameIsMagicByteBigEndianIdAndPlainAvroBinary() throws IOException {
        final byte[] frame = frame();
        assertThat(Arrays.copyOf(frame, 5)).containsExactly(0, 1, 2, 3, 4);
        final ByteArrayOutputStream plain = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
        // new SpecificDatumWriter<>(schema) alone would look the class up by name, which Avro 1.12 forbids for
        // untrusted packages; a fresh SpecificData does not (the record carries its own conversions).
        new SpecificDatumWriter<GunDelta>(GunDelta.getClassSchema(), new SpecificData()).write(delta(), encoder);
        encoder.flush();
        assertThat(Arrays.copyOfRange(frame, 5, frame.length)).containsExactly(plain.toByteArray());
        assertThat(registry.latest(TOPIC + "-value").schema()).isEqualTo(GunDelta.getClassSchema());
    }

    @Test
    void roundTripsAndCachesTheSchemaId() {
        final GunAvroSerde<GunDelta> serde = serde(Map.of());
        serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, delta()));
        final int callsAfterFirst = registry.calls();
        final GunDelta back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, delta()));
        assertThat(back).isEqualTo(delta());
        // The in-memory registry is called directly (no client cache); the deserializer caches its resolution per id.
        assertThat(registry.calls() - callsAfterFirst).isEqualTo(1);
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(serde(Map.of()).serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde(Map.of()).deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void subjectNameStrategies() {
        final GunAvroSerde<GunDelta> keySerde = GunAvroSerde.specific(GunDelta.class, registry);
        keySerde.configure(Map.of(), true);
        keySerde.serializer().serialize("t1", delta());
        serde(Map.of(GunAvroSerdeConfig.SUBJECT_NAME_STRATEGY_CONFIG, "record_name")).serializer().serialize("t2", delta());
        serde(Map.of(GunAvroSerdeConfig.SUBJECT_NAME_STRATEGY_CONFIG, "TOPIC_RECORD_NAME")).serializer().serialize("t3", delta());
        assertThat(registry.latest("t1-key").id()).isEqualTo(FIRST_ID);
        assertThat(registry.latest("io.gunstream.schemas.avro.GunDelta").id()).isEqualTo(FIRST_ID);
        assertThat(registry.latest("t3-io.gunstream.schemas.avro.GunDelta").id()).isEqualTo(FIRST_ID);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsATypedError() {
        final GunAvroSerde<GunDelta> serde = serde(Map.of(GunAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false));
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, delta()))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_NOT_REGISTERED);
                    assertThat(e.isMalformedInput()).isFalse();
                    assertThat(e.getMessage()).contains("gun.deltas-value").contains("topic=gun.deltas");
                });
        registry.register(TOPIC + "-value", GunDelta.getClassSchema());
        assertThat(WireFormat.schemaId(serde.serializer().serialize(TOPIC, delta()))).isEqualTo(FIRST_ID);
    }

    @Test
    void recordBreakingItsSchemaIsATypedError() {
        final GunDelta broken = delta();
        broken.setSoul(null);
        assertThatThrownBy(() -> serde(Map.of()).serializer().serialize(TOPIC, broken))
                .isInstanceOfSatisfying(GunSerializationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RECORD));
    }

    @Test
    void shortOrForeignInputIsRefusedWithContext() {
        assertThat(failure(new byte[0]).reason()).isEqualTo(Reason.TOO_SHORT);
        assertThat(failure(new byte[] {0, 0, 0, 1}).reason()).isEqualTo(Reason.TOO_SHORT);
        final GunSerializationException json = failure("{\"soul\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(json.reason()).isEqualTo(Reason.NO_MAGIC_BYTE);
        assertThat(json.isMalformedInput()).isTrue();
        assertThat(json.getMessage()).contains("topic=gun.deltas").contains("123");
        assertThat(json.topic()).isEqualTo(TOPIC);
    }

    @Test
    void unknownSchemaIdIsMalformedInput() {
        final byte[] frame = frame();
        WireFormat.writeHeader(frame, 777);
        final GunSerializationException e = failure(frame);
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(e.schemaId()).hasValue(777);
        assertThat(e.isMalformedInput()).isTrue();
    }

    @Test
    void truncatedAndPaddedBodiesAreRefused() {
        final byte[] frame = frame();
        for (int cut = 5; cut < frame.length; cut++) {
            final GunSerializationException e = failure(Arrays.copyOf(frame, cut));
            assertThat(e.reason()).as("cut at %d", cut).isIn(Reason.TRUNCATED_AVRO, Reason.MALFORMED_AVRO);
            assertThat(e.schemaId()).hasValue(FIRST_ID);
        }
        assertThat(failure(Arrays.copyOf(frame, frame.length + 1)).reason()).isEqualTo(Reason.MALFORMED_AVRO);
    }

    @Test
    void hugeCountsInTinyInputsFailFastInsteadOfAllocating() {
        final byte[] header = Arrays.copyOf(frame(), 5);
        // soul = "" (length 0), then an array block claiming Long.MAX_VALUE/2 items (zigzag varint of 2^62).
        final byte[] body = {0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        final GunSerializationException e = failure(concat(header, body));
        assertThat(e.reason()).isIn(Reason.TRUNCATED_AVRO, Reason.MALFORMED_AVRO);
        // A string claiming 1 GiB.
        final byte[] hugeString = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertThat(failure(concat(header, hugeString)).reason()).isEqualTo(Reason.TRUNCATED_AVRO);
    }

    @Test
    void fuzzedFramesGiveOnlyTypedErrors() {
        final GunAvroSerde<GunDelta> serde = serde(Map.of());
        final byte[] valid = serde.serializer().serialize(TOPIC, delta());
        final Random random = new Random(42);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            final byte[] mutated = mutate(valid, random);
            try {
                serde.deserializer().deserialize(TOPIC, mutated);
                decoded++;
            } catch (final GunSerializationException e) {
                assertThat(e.topic()).isEqualTo(TOPIC);
                refused++;
            }
        }
        assertThat(decoded + refused).isEqualTo(100_000);
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
    }

    @Test
    void writerSchemaOfAnotherTypeIsIncompatible() {
        final GunAvroSerde<RelayInfo> relays = GunAvroSerde.specific(RelayInfo.class, registry);
        relays.configure(Map.of(), false);
        final byte[] relayFrame = relays.serializer().serialize("gun.relays",
                new RelayInfo("r1", "ws://localhost:8765/gun", null, Instant.EPOCH));
        final GunSerializationException e = failure(relayFrame);
        assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_WRITER_SCHEMA);
        assertThat(e.getMessage()).contains("RelayInfo").contains("GunDelta");
    }

    @Test
    void readerOnOlderSchemaReadsNewerRecordsAndViceVersa() {
        final Schema v1 = TestSchemas.deviceV1();
        final Schema v2 = TestSchemas.deviceV2();
        final GunAvroSerde<GenericRecord> writerV2 = GunAvroSerde.generic(v2, registry);
        final GunAvroSerde<GenericRecord> readerV1 = GunAvroSerde.generic(v1, registry);
        final GunAvroSerde<GenericRecord> writerV1 = GunAvroSerde.generic(v1, registry);
        final GunAvroSerde<GenericRecord> readerV2 = GunAvroSerde.generic(v2, registry);
        List.of(writerV2, readerV1, writerV1, readerV2).forEach(s -> s.configure(Map.of(), false));

        final byte[] old = writerV1.serializer().serialize("devices", TestSchemas.deviceV1Record("d1", 7));
        final byte[] newer = writerV2.serializer().serialize("devices", TestSchemas.deviceV2Record("d2", 8, "eu"));
        assertThat(WireFormat.schemaId(newer)).isNotEqualTo(WireFormat.schemaId(old));

        final GenericRecord readOld = readerV1.deserializer().deserialize("devices", newer);
        assertThat(readOld.getSchema()).isEqualTo(v1);
        assertThat(readOld.get("id").toString()).isEqualTo("d2");
        assertThat(readOld.get("battery")).isEqualTo(8);

        final GenericRecord readNew = readerV2.deserializer().deserialize("devices", old);
        assertThat(readNew.get("region").toString()).isEqualTo("unknown");
    }

    @Test
    void useLatestVersionWritesOldRecordsWithTheNewerSchema() {
        final GunAvroSerde<GenericRecord> writerV2 = GunAvroSerde.generic(TestSchemas.deviceV2(), registry);
        writerV2.configure(Map.of(), false);
        writerV2.serializer().serialize("devices", TestSchemas.deviceV2Record("d2", 8, "eu"));
        final int v2Id = registry.latest("devices-value").id();

        final GunAvroSerde<GenericRecord> oldProducer = GunAvroSerde.generic(TestSchemas.deviceV1(), registry);
        oldProducer.configure(Map.of(GunAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false,
                GunAvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);
        final byte[] frame = oldProducer.serializer().serialize("devices", TestSchemas.deviceV1Record("d1", 5));
        assertThat(WireFormat.schemaId(frame)).isEqualTo(v2Id);
        final GenericRecord read = writerV2.deserializer().deserialize("devices", frame);
        assertThat(read.get("region").toString()).isEqualTo("unknown");
        assertThat(read.get("battery")).isEqualTo(5);
    }

    @Test
    void incompatibleSchemaIsRefusedAtRegistration() {
        final GunAvroSerde<GenericRecord> v1 = GunAvroSerde.generic(TestSchemas.deviceV1(), registry);
        v1.configure(Map.of(), false);
        v1.serializer().serialize("devices", TestSchemas.deviceV1Record("d1", 1));
        final GunAvroSerde<GenericRecord> bad = GunAvroSerde.generic(TestSchemas.deviceIncompatible(), registry);
        bad.configure(Map.of(), false);
        final GenericRecord record = new GenericData.Record(TestSchemas.deviceIncompatible());
        record.put("id", "d1");
        record.put("battery", "full");
        record.put("serial", "s-1");
        assertThatThrownBy(() -> bad.serializer().serialize("devices", record))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_REFUSED);
                    assertThat(e.getMessage()).contains("devices-value");
                });
    }

    @Test
    void unreachableRegistryIsTransientAndNamesTheUrl() throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final String url = "http://127.0.0.1:" + port;
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url), false);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, delta()))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
                    assertThat(e.isMalformedInput()).isFalse();
                    assertThat(e.getMessage()).contains(url).contains("schema.registry.url");
                });
        final byte[] someFrame = frame();
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, someFrame))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
                    assertThat(e.schemaId()).hasValue(FIRST_ID);
                });
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> serde.configure(Map.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "localhost:8081"), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("localhost:8081");
    }

    private static byte[] mutate(final byte[] valid, final Random random) {
        byte[] out = valid.clone();
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (out.length > 5) {
                        out[5 + random.nextInt(out.length - 5)] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> out = Arrays.copyOf(out, 5 + random.nextInt(out.length - 4));
                case 2 -> {
                    final byte[] grown = Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
                    for (int i = out.length; i < grown.length; i++) {
                        grown[i] = (byte) random.nextInt(256);
                    }
                    out = grown;
                }
                default -> {
                    final int at = 5 + random.nextInt(Math.max(1, out.length - 5));
                    if (at < out.length) {
                        out[at] = (byte) (out[at] ^ (1 << random.nextInt(8)));
                    }
                }
            }
        }
        return out;
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
