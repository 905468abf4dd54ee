package io.gunstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.registry.CompatibilityLevel;
import io.gunstream.schemas.registry.CompatibilityResult;
import io.gunstream.schemas.registry.ConfluentRegistryClient;
import io.gunstream.schemas.registry.SchemaRegistryException;
import io.gunstream.schemas.serde.GunSerializationException.Reason;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serdes and the registry client over HTTP against the embedded registry (Confluent API subset, schemas in a
 * Kafka {@code _schemas} topic) on an in-process KRaft broker: the wire contract, not an in-memory stand-in.
 */
class GunAvroSerdeIT {

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static ConfluentRegistryClient client;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().start();
        registry = startRegistry();
        client = new ConfluentRegistryClient(ConfluentRegistryClient.Settings.of(registry.url()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static EmbeddedSchemaRegistry startRegistry() {
        return EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "kafkastore.topic.replication.factor", "1"));
    }

    private static Map<String, Object> serdeConfig(final Object... more) {
        final Map<String, Object> config = new HashMap<>();
        config.put(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString());
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    private static <T extends org.apache.avro.generic.IndexedRecord> GunAvroSerde<T> configured(
            final GunAvroSerde<T> serde, final Object... more) {
        serde.configure(serdeConfig(more), false);
        return serde;
    }

    private static String parsingForm(final Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }

    @Test
    void serializerRegistersAndTheFrameCarriesTheRegistrysId() {
        final GunAvroSerde<GunDelta> writer = configured(GunAvroSerde.specific(GunDelta.class));
        final byte[] frame = writer.serializer().serialize("it.deltas", GunAvroSerdeTest.delta());
        final int id = WireFormat.schemaId(frame);

        assertThat(frame[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(client.latest("it.deltas-value").id()).isEqualTo(id);
        assertThat(client.latest("it.deltas-value").version()).isEqualTo(1);
        assertThat(parsingForm(client.schemaById(id))).isEqualTo(parsingForm(GunDelta.getClassSchema()));
        assertThat(client.lookup("it.deltas-value", GunDelta.getClassSchema()).id()).isEqualTo(id);

        // A fresh deserializer (cold caches) fetches the writer schema by id over HTTP.
        final GunAvroSerde<GunDelta> reader = configured(GunAvroSerde.specific(GunDelta.class));
        assertThat(reader.deserializer().deserialize("it.deltas", frame)).isEqualTo(GunAvroSerdeTest.delta());

        // Registering the same schema again gives the same id, no new version.
        assertThat(client.register("it.deltas-value", GunDelta.getClassSchema())).isEqualTo(id);
        assertThat(configured(GunAvroSerde.specific(GunDelta.class), GunAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false)
                .serializer().serialize("it.deltas", GunAvroSerdeTest.delta())).containsExactly(frame);
    }

    @Test
    void recordsCrossTheBrokerInTheWireFormat() {
        final String topic = GunTopics.DELTAS;
        broker.createTopic(topic, 2, Map.of());
        final Map<String, Object> producerConfig = new HashMap<>(broker.clientConfig());
        producerConfig.putAll(serdeConfig());
        final Map<String, Object> consumerConfig = new HashMap<>(producerConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "gun-avro-serde-it");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        final GunAvroSerializer<GunDelta> serializer = new GunAvroSerializer<>(RecordModel.specific(GunDelta.class));
        final GunAvroDeserializer<GunDelta> deserializer = new GunAvroDeserializer<>(RecordModel.specific(GunDelta.class));
        // Clients configure only the serializers they instantiate themselves.
        serializer.configure(producerConfig, false);
        deserializer.configure(consumerConfig, false);
        try (KafkaProducer<String, GunDelta> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer);
             KafkaConsumer<String, GunDelta> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), deserializer)) {
            producer.send(new ProducerRecord<>(topic, "people/ann", GunAvroSerdeTest.delta()));
            producer.send(new ProducerRecord<>(topic, "people/ann", null));
            producer.flush();
            consumer.subscribe(List.of(topic));
            final List<ConsumerRecord<String, GunDelta>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= 2;
            });
            assertThat(received).extracting(ConsumerRecord::key).containsExactly("people/ann", "people/ann");
            assertThat(received.get(0).value()).isEqualTo(GunAvroSerdeTest.delta());
            assertThat(received.get(1).value()).isNull();
        }
    }

    @Test
    void backwardCompatibilityIsCheckedAndAnIncompatibleSchemaIsRefused() {
        final String subject = "it.devices-value";
        final GunAvroSerde<GenericRecord> v1 = configured(GunAvroSerde.generic(TestSchemas.deviceV1(), null));
        v1.serializer().serialize("it.devices", TestSchemas.deviceV1Record("d1", 1));
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(client.testCompatibility(subject, TestSchemas.deviceV2()).compatible()).isTrue();
        final CompatibilityResult bad = client.testCompatibility(subject, TestSchemas.deviceIncompatible());
        assertThat(bad.compatible()).isFalse();
        assertThat(bad.messages()).isNotEmpty();

        final GunAvroSerde<GenericRecord> incompatible = configured(GunAvroSerde.generic(TestSchemas.deviceIncompatible(), null));
        final GenericRecord record = new GenericData.Record(TestSchemas.deviceIncompatible());
        record.put("id", "d1");
        record.put("battery", "full");
        record.put("serial", "s-1");
        assertThatThrownBy(() -> incompatible.serializer().serialize("it.devices", record))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SCHEMA_REFUSED);
                    assertThat(e.isMalformedInput()).isFalse();
                    assertThat(e.getMessage()).contains(subject).contains(registry.url().toString()).contains("409")
                            .contains("evolve it compatibly");
                    assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class,
                            cause -> assertThat(cause.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
                });
        assertThat(client.latest(subject).version()).isEqualTo(1);

        // Compatibility is per subject: relaxing it (deliberately) lets the same schema in.
        client.setCompatibility("it.devices-relaxed-value", CompatibilityLevel.NONE);
        assertThat(client.compatibility("it.devices-relaxed-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void readerOnAnOlderSchemaReadsRecordsWrittenWithANewerCompatibleOne() {
        final GunAvroSerde<GenericRecord> writerV1 = configured(GunAvroSerde.generic(TestSchemas.deviceV1(), null));
        final GunAvroSerde<GenericRecord> writerV2 = configured(GunAvroSerde.generic(TestSchemas.deviceV2(), null));
        final byte[] old = writerV1.serializer().serialize("it.fleet", TestSchemas.deviceV1Record("d1", 7));
        final byte[] newer = writerV2.serializer().serialize("it.fleet", TestSchemas.deviceV2Record("d2", 8, "eu"));
        assertThat(client.latest("it.fleet-value").version()).isEqualTo(2);
        assertThat(WireFormat.schemaId(newer)).isNotEqualTo(WireFormat.schemaId(old));

        // Fresh readers: each fetches the writer schema by id from the registry.
        final GunAvroSerde<GenericRecord> readerV1 = configured(GunAvroSerde.generic(TestSchemas.deviceV1(), null));
        final GenericRecord asV1 = readerV1.deserializer().deserialize("it.fleet", newer);
        assertThat(asV1.getSchema()).isEqualTo(TestSchemas.deviceV1());
        assertThat(asV1.get("id").toString()).isEqualTo("d2");
        assertThat(asV1.get("battery")).isEqualTo(8);

        final GunAvroSerde<GenericRecord> readerV2 = configured(GunAvroSerde.generic(TestSchemas.deviceV2(), null));
        assertThat(readerV2.deserializer().deserialize("it.fleet", old).get("region").toString()).isEqualTo("unknown");
    }

    @Test
    void unknownIdAndUnregisteredSubjectAreTypedErrors() {
        final GunAvroSerde<GunDelta> serde = configured(GunAvroSerde.specific(GunDelta.class),
                GunAvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        final byte[] frame = configured(GunAvroSerde.specific(GunDelta.class)).serializer()
                .serialize("it.unknown", GunAvroSerdeTest.delta());
        WireFormat.writeHeader(frame, 987_654);
        assertThatThrownBy(() -> serde.deserializer().deserialize("it.unknown", frame))
                .isInstanceOfSatisfying(GunSerializationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
                    assertThat(e.isMalformedInput()).isTrue();
                    assertThat(e.schemaId()).hasValue(987_654);
                });
        assertThatThrownBy(() -> serde.serializer().serialize("it.never-registered", GunAvroSerdeTest.delta()))
                .isInstanceOfSatisfying(GunSerializationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SCHEMA_NOT_REGISTERED));
    }

    @Test
    void idsSurviveARegistryRestartAndCachedIdsOutliveTheRegistry() {
        final int id;
        final ConfluentRegistryClient second;
        try (EmbeddedSchemaRegistry other = startRegistry()) {
            second = new ConfluentRegistryClient(ConfluentRegistryClient.Settings.of(other.url()));
            id = second.register("it.restart-value", TestSchemas.deviceV1());
            // The first registry reads the same _schemas topic: the id means the same schema there.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> parsingForm(client.schemaById(id)).equals(parsingForm(TestSchemas.deviceV1())));
        }
        // The second registry is gone; what its client cached still answers, anything else names the URL.
        assertThat(second.schemaById(id)).isEqualTo(TestSchemas.deviceV1());
        assertThatThrownBy(() -> second.latest("it.restart-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains(second.urls().get(0).toString()).contains("schema.registry.url");
                });
    }
}
