package io.gunstream.connect.it;

import io.gunstream.stack.connect.ConnectRest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMTs behind {@code GunAvroConverter} in a real worker (the plugin from plugin.path next to Debezium's), with a
 * real broker, schema registry and PostgreSQL: gun.nodes (Avro) → GunNodeToRow → Debezium JDBC sink → typed rows;
 * a legacy table → Debezium PostgreSQL source → CdcToGunDelta → gun.deltas (Avro) read with the schemas' GunDelta
 * deserializer.
 */
class AvroPipelineIT {

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedPostgres postgres;
    private static EmbeddedConnectWorker worker;
    private static ConnectRest rest;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        postgres = EmbeddedPostgres.builder().start();
        worker = EmbeddedConnectWorker.builder().kafka(kafka).groupId("avro-pipeline")
                .pluginPath(Path.of(System.getProperty("gunstream.connector.plugin.dir")),
                        Path.of(System.getProperty("gunstream.connect.plugins.dir")))
                .config("offset.flush.interval.ms", "1000")
                .start();
        rest = new ConnectRest(worker.restUrl());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable service : new AutoCloseable[] {worker, postgres, registry, kafka}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + service + ": " + e);
            }
        }
    }

    @Test
    void gunNodesBecomeTypedRowsThatFollowUpdatesAndTombstones() throws Exception {
        final String topic = "it.gun.nodes";
        kafka.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        produceNodes(topic, List.of(
                node("devices/d1", field("temp", 1, 21.5), field("lit", 1, true), field("name", 1, "kitchen"),
                        field("owner", 1, new GunLink("users/alice"))),
                node("devices/d2", field("temp", 1, 19.0), field("lit", 1, false), field("name", 1, "hall"),
                        field("owner", 1, null))));

        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("connection.url", postgres.jdbcUrl());
        config.put("connection.username", postgres.user());
        config.put("connection.password", postgres.password());
        config.put("insert.mode", "upsert");
        config.put("delete.enabled", "true");
        config.put("primary.key.mode", "record_key");
        config.put("primary.key.fields", "soul");
        config.put("schema.evolution", "basic");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "io.gunstream.connect.avro.GunAvroConverter");
        config.put("value.converter.schema.registry.url", registry.url().toString());
        config.put("transforms", "row");
        config.put("transforms.row.type", "io.gunstream.connect.smt.GunNodeToRow");
        config.put("transforms.row.table.map", "devices:device_state");
        config.put("transforms.row.column.types", "temp:double,lit:boolean,name:string,owner:string");
        rest.put("/connectors/nodes-to-pg/config", config);

        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT soul, temp, lit, name, owner FROM device_state ORDER BY soul")).containsExactly(
                        List.of("devices/d1", 21.5, true, "kitchen", "users/alice"),
                        listOf("devices/d2", 19.0, false, "hall", null)));
        assertThat(postgres.rows("SELECT data_type FROM information_schema.columns WHERE table_name = 'device_state' "
                + "AND column_name IN ('temp', 'lit') ORDER BY column_name"))
                .containsExactly(List.of("boolean"), List.of("double precision"));

        // An update changes the row; a tombstone deletes it.
        produceNodes(topic, List.of(node("devices/d1", field("temp", 2, 23.0), field("lit", 1, true),
                field("name", 1, "kitchen"), field("owner", 1, new GunLink("users/alice")))));
        produceTombstone(topic, "devices/d2");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT soul, temp FROM device_state ORDER BY soul"))
                        .containsExactly(List.of("devices/d1", 23.0)));
        assertThat(connectorState("nodes-to-pg")).isEqualTo("RUNNING");
    }

    @Test
    void legacyRowChangesBecomeGunDeltasReadableWithTheSchemasDeserializer() throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE people (id int PRIMARY KEY, name text, active boolean, score numeric(6,2))");
            statement.execute("ALTER TABLE people REPLICA IDENTITY FULL");
        }
        kafka.createTopic("gun.deltas.it", 1, Map.of());

        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.put("tasks.max", "1");
        config.put("database.hostname", postgres.host());
        config.put("database.port", Integer.toString(postgres.port()));
        config.put("database.user", postgres.user());
        config.put("database.password", postgres.password());
        config.put("database.dbname", postgres.database());
        config.put("topic.prefix", "pg");
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", "gunstream_it");
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", "public.people");
        config.put("snapshot.mode", "no_data");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "io.gunstream.connect.avro.GunAvroConverter");
        config.put("value.converter.schema.registry.url", registry.url().toString());
        config.put("transforms", "delta");
        config.put("transforms.delta.type", "io.gunstream.connect.smt.CdcToGunDelta");
        config.put("transforms.delta.topic", "gun.deltas.it");
        config.put("transforms.delta.soul.prefix.map", "public.people:people");
        config.put("transforms.delta.origin.id", "pg-legacy");
        rest.put("/connectors/pg-to-gun/config", config);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> "RUNNING".equals(taskState("pg-to-gun")));

        final List<Long> commitTimes = new ArrayList<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            // The slot exists once the task runs; writes from now on are streamed.
            statement.execute("INSERT INTO people VALUES (7, 'ann', true, 12.5)");
            statement.execute("UPDATE people SET name = 'anna' WHERE id = 7");
            statement.execute("DELETE FROM people WHERE id = 7");
        }

        final List<ConsumerRecord<String, GunDelta>> deltas = await().atMost(Duration.ofSeconds(90))
                .until(() -> consumeDeltas("gun.deltas.it"), r -> r.size() >= 3);
        assertThat(deltas).hasSize(3).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("people/7");
            assertThat(r.value().getSoul()).isEqualTo("people/7");
            assertThat(r.value().getOrigin().getKind()).isEqualTo(SourceKind.CDC);
            assertThat(r.value().getOrigin().getRelayId()).isEqualTo("pg-legacy");
            assertThat(r.value().getOrigin().getMessageId()).isNotBlank();
            // state = the commit timestamp: the same for every field of one change, a plausible epoch millis
            assertThat(r.value().getFields()).extracting(GunField::getState).containsOnly(
                    r.value().getFields().get(0).getState());
            assertThat(r.value().getFields().get(0).getState()).isGreaterThan(1.7e12);
            commitTimes.add((long) r.value().getFields().get(0).getState());
        });
        assertThat(commitTimes).isSorted();
        final Map<String, Object> insert = values(deltas.get(0).value());
        assertThat(insert).containsExactly(Map.entry("id", 7.0), Map.entry("name", "ann"), Map.entry("active", true),
                Map.entry("score", "12.50"));
        assertThat(values(deltas.get(1).value())).containsEntry("name", "anna");
        // A delete puts null into every field (Gun's deletion).
        assertThat(values(deltas.get(2).value())).containsOnlyKeys("id", "name", "active", "score")
                .allSatisfy((key, value) -> assertThat(value).as(key).isNull());
    }

    private static Map<String, Object> values(final GunDelta delta) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (GunField field : delta.getFields()) {
            final Object value = field.getValue().getValue();
            values.put(field.getKey(), value instanceof CharSequence text ? text.toString() : value);
        }
        return values;
    }

    private static List<ConsumerRecord<String, GunDelta>> consumeDeltas(final String topic) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<ConsumerRecord<String, GunDelta>> records = new ArrayList<>();
        try (GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            try (KafkaConsumer<String, GunDelta> consumer =
                         new KafkaConsumer<>(config, new StringDeserializer(), serde.deserializer())) {
                consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                final long end = consumer.endOffsets(consumer.assignment()).values().iterator().next();
                while (consumer.position(new org.apache.kafka.common.TopicPartition(topic, 0)) < end) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
        }
        return records;
    }

    private static GunNode node(final String soul, final GunField... fields) {
        return new GunNode(soul, List.of(fields));
    }

    private static GunField field(final String key, final double state, final Object value) {
        return new GunField(key, state, new GunValue(value));
    }

    private static void produceNodes(final String topic, final List<GunNode> nodes) {
        try (GunAvroSerde<GunNode> serde = GunAvroSerde.specific(GunNode.class)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, GunNode> producer = new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                for (GunNode node : nodes) {
                    producer.send(new ProducerRecord<>(topic, node.getSoul(), node));
                }
                producer.flush();
            }
        }
    }

    private static void produceTombstone(final String topic, final String soul) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, soul, null));
            producer.flush();
        }
    }

    private static List<Object> listOf(final Object... values) {
        final List<Object> list = new ArrayList<>();
        java.util.Collections.addAll(list, values);
        return list;
    }

    private static String connectorState(final String name) throws Exception {
        return rest.get("/connectors/" + name + "/status").at("/connector/state").asText();
    }

    private static String taskState(final String name) throws Exception {
        final JsonNode status = rest.get("/connectors/" + name + "/status");
        final JsonNode task = status.at("/tasks/0");
        if ("FAILED".equals(task.at("/state").asText())) {
            throw new AssertionError(name + " task failed: " + task.at("/trace").asText());
        }
        return task.at("/state").asText();
    }
}
