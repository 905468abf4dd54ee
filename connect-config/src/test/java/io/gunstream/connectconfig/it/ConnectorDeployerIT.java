package io.gunstream.connectconfig.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.connectconfig.ConnectorConfigFile;
import io.gunstream.connectconfig.ConnectorDeployException;
import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.connectconfig.ConnectorValidationException;
import io.gunstream.connectconfig.Deployment;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.schemas.avro.EntropyStats;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.net.LoopbackPorts;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped configuration FILES deployed by {@link ConnectorDeployer} to a real Connect worker (Debezium and the
 * gunstream plugin from plugin.path), with a real broker, schema registry and PostgreSQL, and for the Gun files a real
 * gun.js relay and gun.js clients (node, relay-adapter's {@link NodeGun}).
 */
class ConnectorDeployerIT {

    private static final String GROUP = "connect-config-it";
    private static final Path CONNECTORS = Path.of("src/main/resources/connectors");

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedPostgres postgres;
    private static EmbeddedConnectWorker worker;
    private static final List<String> progress = new CopyOnWriteArrayList<>();
    private static ConnectorDeployer deployer;

    @BeforeAll
    static void start() throws SQLException {
        kafka = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        postgres = EmbeddedPostgres.builder().start();
        worker = EmbeddedConnectWorker.builder().kafka(kafka).groupId(GROUP)
                .pluginPath(Path.of(System.getProperty("gunstream.connector.plugin.dir")),
                        Path.of(System.getProperty("gunstream.connect.plugins.dir")))
                .config("offset.flush.interval.ms", "1000")
                .start();
        deployer = new ConnectorDeployer(worker.restUrl(), Duration.ofSeconds(90), line -> {
            progress.add(line);
            System.out.println(line);
        });
        postgres.execute("CREATE SCHEMA IF NOT EXISTS gun");
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

    /** The values `gunstream connect deploy` would take from the environment, pointing at the embedded services. */
    private static Map<String, String> values() {
        final Map<String, String> values = EmbeddedPlaceholders.of(postgres, registry.url());
        values.put("S3_ACCESS_KEY", "gunstream");
        values.put("S3_SECRET_KEY", "gunstream-secret");
        values.put("LEGACY_TABLES", "public.people");
        values.put("LEGACY_SOUL_PREFIXES", "public.people:people");
        return values;
    }

    @Test
    void anInvalidConfigFailsWithTheConnectorsOwnValidationErrorAndDeploysNothing() throws Exception {
        final Map<String, String> values = values();
        values.put("S3_ENDPOINT", "ftp://storj.example");
        values.put("S3_FLUSH_SIZE", "0");
        assertThatThrownBy(() -> deployer.deploy(List.of(CONNECTORS.resolve("storj-sink-logs.json")), values))
                .isInstanceOfSatisfying(ConnectorValidationException.class, e -> {
                    assertThat(e.connector()).isEqualTo("gunstream-storj-sink-logs");
                    assertThat(e.errors()).containsOnlyKeys("s3.endpoint", "flush.size");
                    assertThat(e.errors().get("flush.size")).singleElement().asString().contains("at least 1");
                    assertThat(e.getMessage()).contains("storj-sink-logs.json").contains("s3.endpoint");
                });
        assertThat(new ConnectRestProbe(worker.restUrl()).connectors()).doesNotContain("gunstream-storj-sink-logs");
    }

    @Test
    void theLogsSinkFileWritesLogLinesAndTheStorjFilesValidate() throws Exception {
        kafka.createTopic("gun.logs.it", 1, Map.of());
        final Map<String, String> values = values();
        values.put("LOGS_TOPIC", "gun.logs.it");
        values.put("LOGS_TABLE", "logs_it");
        assertThat(deployer.deploy(List.of(CONNECTORS.resolve("jdbc-sink-logs.json")), values))
                .extracting(Deployment::outcome).containsExactly(Deployment.Outcome.CREATED);
        final Instant at = Instant.parse("2026-11-25T10:00:00Z");
        produce("gun.logs.it", "logs/app", new LogEntry("logs/app", "l1", 1.0, "started",
                new GunValue("started"), "info", at), LogEntry.class);
        // The nested value is dropped (ReplaceField); the line is keyed by its Kafka coordinates.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT source, key, message, level, __connect_offset FROM gun.logs_it"))
                        .containsExactly(List.of("logs/app", "l1", "started", "info", 0L)));

        // With the required values the Storj files pass the connector's own validation (no bucket needed for that).
        for (String file : List.of("storj-sink-entropy.json", "storj-sink-logs.json")) {
            deployer.validate(ConnectorConfigFile.load(CONNECTORS.resolve(file), values()));
        }
    }

    @Test
    void aTaskThatFailsIsReportedWithTheConnectorsOwnError() {
        kafka.createTopic("gun.logs", 1, Map.of());
        final Map<String, String> values = values();
        values.put("PG_DATABASE", "no_such_db");
        // Renamed so that it does not meet the logs sink of the test above, whatever the order.
        final ConnectorConfigFile file =
                ConnectorConfigFile.load(CONNECTORS.resolve("jdbc-sink-logs.json"), values);
        final ConnectorConfigFile failing =
                new ConnectorConfigFile("failing-logs-sink", file.config(), file.source());
        assertThatThrownBy(() -> deployer.deployConfigs(List.of(failing)))
                .isInstanceOf(ConnectorDeployException.class)
                // Connect's validation does not connect, so the task fails at start; the message is the task's trace
                // (Hibernate cannot read JDBC metadata from a database that does not exist).
                .hasMessageContaining("failing-logs-sink task 0 FAILED")
                .hasMessageContaining("org.hibernate");
    }

    @Test
    void redeployingAnUnchangedConfigIsANoOpAndAChangedOneAnUpdate() throws Exception {
        kafka.createTopic("gun.entropy.stats.1m", 1, Map.of());
        final List<Path> files = List.of(CONNECTORS.resolve("jdbc-sink-entropy-stats.json"));
        assertThat(deployer.deploy(files, values()))
                .containsExactly(new Deployment("gunstream-jdbc-sink-entropy-stats", Deployment.Outcome.CREATED, 1));
        final long configRecords = endOffset(GROUP + "-configs");

        assertThat(deployer.deploy(files, values()))
                .containsExactly(new Deployment("gunstream-jdbc-sink-entropy-stats", Deployment.Outcome.UNCHANGED, 1));
        // Nothing was written to the worker's config topic, so Connect restarted nothing.
        assertThat(endOffset(GROUP + "-configs")).isEqualTo(configRecords);

        // The running connector does its job: per-minute aggregates become rows keyed by (source, window_start).
        final Instant window = Instant.parse("2026-11-25T10:00:00Z");
        produce("gun.entropy.stats.1m", "devices/d1/entropy/t",
                new EntropyStats("devices/d1/entropy/t", window, window.plusSeconds(60), 3L, 1.0, 5.0, 9.0, 3.0),
                EntropyStats.class);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT source, count, mean FROM gun.entropy_stats_1m"))
                        .containsExactly(List.of("devices/d1/entropy/t", 3L, 3.0)));

        final Map<String, String> changed = values();
        changed.put("ENTROPY_STATS_TABLE", "entropy_stats_minute");
        assertThat(deployer.deploy(files, changed))
                .containsExactly(new Deployment("gunstream-jdbc-sink-entropy-stats", Deployment.Outcome.UPDATED, 1));
        assertThat(endOffset(GROUP + "-configs")).isGreaterThan(configRecords);
        assertThat(progress).anyMatch(l -> l.startsWith("gunstream-jdbc-sink-entropy-stats RUNNING (1 task) after"));
    }

    @Test
    void theStateSinkFileWritesGunNodesIntoOneTablePerSoulPrefix() throws Exception {
        kafka.createTopic("gun.nodes", 1, Map.of("cleanup.policy", "compact"));
        final Map<String, String> values = values();
        values.put("STATE_COLUMN_TYPES", "temp:double,lit:boolean,name:string,owner:string");
        final List<Deployment> deployed = deployer.deploy(List.of(CONNECTORS.resolve("jdbc-sink-state.json")), values);
        assertThat(deployed).extracting(Deployment::outcome).containsExactly(Deployment.Outcome.CREATED);

        produceNodes(node("devices/d1", field("temp", 1, 21.5), field("lit", 1, true), field("name", 1, "kitchen"),
                        field("owner", 1, new GunLink("profiles/alice"))),
                node("devices/d2", field("temp", 1, 19.0), field("lit", 1, false), field("name", 1, "hall"),
                        field("owner", 1, null)),
                node("profiles/alice", field("name", 1, "Alice")));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            assertThat(postgres.rows("SELECT soul, temp, lit, name, owner FROM gun.devices ORDER BY soul")).containsExactly(
                    List.of("devices/d1", 21.5, true, "kitchen", "profiles/alice"),
                    listOf("devices/d2", 19.0, false, "hall", null));
            assertThat(postgres.rows("SELECT soul, name FROM gun.profiles")).containsExactly(List.of("profiles/alice", "Alice"));
        });

        // An update with a new key adds a column (schema evolution); a tombstone deletes the row.
        produceNodes(node("devices/d1", field("temp", 2, 23.0), field("lit", 1, true), field("name", 1, "kitchen"),
                field("owner", 1, new GunLink("profiles/alice")), field("room", 2, "north")));
        produceTombstone("gun.nodes", "devices/d2");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT soul, temp, room FROM gun.devices ORDER BY soul"))
                        .containsExactly(List.of("devices/d1", 23.0, "north")));
    }

    @Test
    void theCdcSourceFileTurnsLegacySnapshotAndUpdatesIntoGunDeltas() throws Exception {
        postgres.execute("CREATE TABLE public.people (id int PRIMARY KEY, name text, active boolean)");
        postgres.execute("INSERT INTO public.people VALUES (1, 'ann', true)");
        kafka.createTopic("gun.deltas", 1, Map.of());
        final List<Deployment> deployed =
                deployer.deploy(List.of(CONNECTORS.resolve("debezium-postgres-source.json")), values());
        assertThat(deployed).extracting(Deployment::outcome).containsExactly(Deployment.Outcome.CREATED);

        // The initial snapshot brings the existing row.
        await().atMost(Duration.ofSeconds(90)).until(() -> consumeDeltas("gun.deltas"), d -> !d.isEmpty());
        postgres.execute("UPDATE public.people SET name = 'anna' WHERE id = 1");

        final List<ConsumerRecord<String, GunDelta>> deltas = await().atMost(Duration.ofSeconds(90))
                .until(() -> consumeDeltas("gun.deltas"), d -> d.size() >= 2);
        assertThat(deltas).hasSize(2).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("people/1");
            assertThat(r.value().getOrigin().getKind()).isEqualTo(SourceKind.CDC);
            assertThat(r.value().getOrigin().getRelayId()).isEqualTo("postgres-legacy");
        });
        assertThat(values(deltas.get(0).value())).containsEntry("name", "ann").containsEntry("active", true);
        assertThat(values(deltas.get(1).value())).containsEntry("name", "anna");
        // state = commit timestamp: the update's is later than the snapshot's.
        assertThat(deltas.get(1).value().getFields().get(0).getState())
                .isGreaterThanOrEqualTo(deltas.get(0).value().getFields().get(0).getState());
    }

    @Test
    void theGunSourceAndSinkFilesBridgeAGunJsRelayBothWaysWithoutEchoes(@TempDir final Path relayData) throws Exception {
        // Own topics, so the CDC test's count of records on gun.deltas does not depend on the order of the tests.
        final String changes = "gun.changes.gunjs";
        final String deltas = "gun.deltas.gunjs";
        kafka.createTopic(changes, 1, Map.of());
        kafka.createTopic(deltas, 1, Map.of());
        final int port = LoopbackPorts.freePort();
        final String relayUrl = "http://127.0.0.1:" + port + "/gun";
        final ConnectRestProbe rest = new ConnectRestProbe(worker.restUrl());
        // gun-relay.js: a plain gun.js relay with gun's default radisk storage (acks after its disk write)
        try (NodeGun relay = NodeGun.relay(port, relayData); NodeGun writer = NodeGun.client("writer", relayUrl)) {
            final Map<String, String> values = values();
            values.put("GUN_RELAYS", relayUrl);
            values.put("GUN_ROOTS", "things");
            values.put("CHANGES_TOPIC", changes);
            values.put("DELTAS_TOPIC", deltas);
            final long deployStart = System.nanoTime();
            assertThat(deployer.deploy(List.of(CONNECTORS.resolve("gun-source.json"), CONNECTORS.resolve("gun-sink.json")),
                    values)).containsExactly(new Deployment("gunstream-gun-source", Deployment.Outcome.CREATED, 1),
                    new Deployment("gunstream-gun-sink", Deployment.Outcome.CREATED, 1));
            final long deployMs = (System.nanoTime() - deployStart) / 1_000_000;

            try {
                // gun.js → Kafka: a write under the source's root becomes a GunDelta, stamped with the relay it came from.
                final long writeStart = System.nanoTime();
                final JsonNode ack = writer.putAcked("w1", List.of("things"),
                        Map.of("t1", Map.of("name", "lamp", "lit", true)), Duration.ofSeconds(30));
                assertThat(ack.path("err").isNull()).as("ack %s", ack).isTrue();
                final ConsumerRecord<String, GunDelta> lamp = await().atMost(Duration.ofSeconds(60))
                        .until(() -> firstDelta(deltas, "things/t1", "name"), Objects::nonNull);
                final long sourceMs = (System.nanoTime() - writeStart) / 1_000_000;
                assertThat(values(lamp.value())).containsEntry("name", "lamp").containsEntry("lit", true);
                assertThat(lamp.value().getOrigin().getKind()).isEqualTo(SourceKind.GUN_SOURCE);
                assertThat(lamp.value().getOrigin().getRelayId()).isEqualTo(relayUrl);

                // Kafka → gun.js, in one partition and in this order: a change from elsewhere (e.g. a gunstream relay,
                // through streams); the relay's own write coming back (origin as the source stamped it, with a newer
                // state, so HAM on the relay would take it if it were sent); a marker on the same soul.
                final long produceStart = System.nanoTime();
                final double now = System.currentTimeMillis();
                produce(changes, "sensors/s1", new GunDelta("sensors/s1", List.of(field("temp", now, 21.5),
                        field("label", now, "hall")), new Origin(SourceKind.RELAY, "gunstream-relay-1", null, null),
                        Instant.now()), GunDelta.class);
                produce(changes, "things/t1", new GunDelta("things/t1", List.of(field("name", now + 1, "echo")),
                        lamp.value().getOrigin(), Instant.now()), GunDelta.class);
                produce(changes, "things/t1", new GunDelta("things/t1", List.of(field("seq", now + 1, 2.0)),
                        new Origin(SourceKind.STREAMS, "gunstream-streams", null, null), Instant.now()), GunDelta.class);

                // The marker reached the relay, which forwarded it to the source: everything before it was handled.
                final ConsumerRecord<String, GunDelta> marker = await().atMost(Duration.ofSeconds(60))
                        .until(() -> firstDelta(deltas, "things/t1", "seq"), Objects::nonNull);
                final long sinkMs = (System.nanoTime() - produceStart) / 1_000_000;
                assertThat(values(marker.value())).containsEntry("seq", 2.0);
                assertThat(consumeDeltas(deltas)).as("the echo was not written back to the relay")
                        .noneMatch(r -> "echo".equals(values(r.value()).get("name")));

                // A gun.js client that was not there reads the sink's puts from the relay, and the relay's own value.
                try (NodeGun reader = NodeGun.client("reader", relayUrl)) {
                    final JsonNode sensor = reader.once("r1", List.of("sensors/s1"), Duration.ofSeconds(20)).path("data");
                    assertThat(sensor.path("temp").asDouble()).isEqualTo(21.5);
                    assertThat(sensor.path("label").asText()).isEqualTo("hall");
                    final JsonNode thing = reader.once("r2", List.of("things/t1"), Duration.ofSeconds(20)).path("data");
                    assertThat(thing.path("name").asText()).isEqualTo("lamp");
                    assertThat(thing.path("lit").asBoolean()).isTrue();
                    assertThat(thing.path("seq").asDouble()).isEqualTo(2.0);
                }
                System.out.printf("FIGURE gun files: deploy both -> RUNNING %d ms; gun.js put -> GunDelta on %s %d ms;"
                        + " 3 records on %s -> marker back through relay and source %d ms%n", deployMs, deltas, sourceMs,
                        changes, sinkMs);
            } finally {
                // Before the relay goes: otherwise both tasks keep reconnecting while the other tests run.
                rest.delete("gunstream-gun-source");
                rest.delete("gunstream-gun-sink");
            }
        }
    }

    // ---- helpers

    /** The first record on {@code topic} for {@code soul} that carries field {@code key}, or null. */
    private static ConsumerRecord<String, GunDelta> firstDelta(final String topic, final String soul, final String key) {
        return consumeDeltas(topic).stream()
                .filter(r -> soul.equals(r.key()) && values(r.value()).containsKey(key))
                .findFirst().orElse(null);
    }

    private static Map<String, Object> values(final GunDelta delta) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (GunField field : delta.getFields()) {
            final Object value = field.getValue().getValue();
            values.put(field.getKey(), value instanceof CharSequence text ? text.toString() : value);
        }
        return values;
    }

    private static long endOffset(final String topic) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
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
                final TopicPartition partition = new TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(consumer.assignment());
                final long end = consumer.endOffsets(consumer.assignment()).get(partition);
                while (consumer.position(partition) < end) {
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

    private static void produceNodes(final GunNode... nodes) {
        for (GunNode node : nodes) {
            produce("gun.nodes", node.getSoul(), node, GunNode.class);
        }
    }

    private static <T extends SpecificRecord> void produce(final String topic, final String key, final T value,
            final Class<T> type) {
        try (GunAvroSerde<T> serde = GunAvroSerde.specific(type)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, T> producer = new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                producer.send(new ProducerRecord<>(topic, key, value));
                producer.flush();
            }
        }
    }

    private static void produceTombstone(final String topic, final String soul) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, soul, null));
            producer.flush();
        }
    }

    private static List<Object> listOf(final Object... values) {
        final List<Object> list = new ArrayList<>();
        Collections.addAll(list, values);
        return list;
    }
}
