package io.gunstream.connectconfig.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import io.gunstream.streams.app.GunStreamsApp;
import io.gunstream.streams.query.GunQueryClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL ⇄ Gun through the shipped files: legacy table → Debezium source → gun.deltas → streams (HAM) → query API
 * and gun.nodes → JDBC sink → gun.devices; a Gun write takes the same way to PostgreSQL. Nothing loops back: the sink's
 * tables are outside the source's publication.
 */
class PostgresGunSyncIT {

    @TempDir
    static Path stateDir;

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedPostgres postgres;
    private static EmbeddedConnectWorker worker;
    private static GunStreamsApp streams;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        postgres = EmbeddedPostgres.builder().start();
        worker = EmbeddedConnectWorker.builder().kafka(kafka).groupId("pg-gun-sync-connect")
                .pluginPath(Path.of(System.getProperty("gunstream.connector.plugin.dir")),
                        Path.of(System.getProperty("gunstream.connect.plugins.dir")))
                .config("offset.flush.interval.ms", "1000")
                .start();
        streams = GunStreamsApp.start(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url().toString(),
                "application.id", "pg-gun-sync-it",
                "state.dir", stateDir.resolve("streams").toString(),
                "topics.partitions", "1",
                "num.standby.replicas", "0",
                "query.port", "0",
                "streams.commit.interval.ms", "100"), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable service : new AutoCloseable[] {streams, worker, postgres, registry, kafka}) {
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
    void legacyUpdatesAndGunWritesMeetOnBothSidesAndTheSystemGoesQuiet() throws Exception {
        execute("CREATE SCHEMA IF NOT EXISTS gun");
        execute("CREATE TABLE public.device_registry (id text PRIMARY KEY, temp double precision, name text)");
        execute("INSERT INTO public.device_registry VALUES ('d1', 21.5, 'kitchen')");

        final Map<String, String> values = new HashMap<>();
        values.put("PG_HOST", postgres.host());
        values.put("PG_PORT", Integer.toString(postgres.port()));
        values.put("PG_DATABASE", postgres.database());
        values.put("PG_USER", postgres.user());
        values.put("PG_PASSWORD", postgres.password());
        values.put("SCHEMA_REGISTRY_URL", registry.url().toString());
        values.put("DLQ_REPLICATION_FACTOR", "1");
        values.put("LEGACY_TABLES", "public.device_registry");
        values.put("LEGACY_SOUL_PREFIXES", "public.device_registry:devices");
        values.put("STATE_TABLE_MAP", "devices:devices");
        values.put("STATE_COLUMN_TYPES", "id:string,temp:double,name:string");
        final Path connectors = Path.of("src/main/resources/connectors");
        new ConnectorDeployer(worker.restUrl(), Duration.ofSeconds(90), System.out::println).deploy(List.of(
                connectors.resolve("debezium-postgres-source.json"), connectors.resolve("jdbc-sink-state.json")), values);

        final GunQueryClient query = new GunQueryClient(streams.queryUrl(), Duration.ofSeconds(10));
        // The snapshot of the legacy row becomes a merged node...
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(value(query.node("devices/d1").orElseThrow(), "temp")).isEqualTo(new GunValue.Num(21.5)));
        // ...and an UPDATE by the old backend wins HAM (state = its commit timestamp) and shows in the query API.
        final long beforeUpdate = System.currentTimeMillis();
        final long updateStart = System.nanoTime();
        execute("UPDATE public.device_registry SET temp = 23.0 WHERE id = 'd1'");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            final GunNode node = query.node("devices/d1").orElseThrow();
            assertThat(value(node, "temp")).isEqualTo(new GunValue.Num(23.0));
            assertThat(node.field("temp").orElseThrow().state()).isGreaterThanOrEqualTo(beforeUpdate - 5_000);
        });
        System.out.printf("legacy UPDATE visible in the query API after %d ms%n", (System.nanoTime() - updateStart) / 1_000_000);
        final long writeStart = System.nanoTime();

        // A Gun write (as a relay produces it) reaches PostgreSQL through the sink.
        final double now = System.currentTimeMillis();
        produceDelta(new GunDelta("devices/d2", List.of(
                new GunField("temp", now, new io.gunstream.schemas.avro.GunValue(19.0)),
                new GunField("name", now, new io.gunstream.schemas.avro.GunValue("hall"))),
                new Origin(SourceKind.RELAY, "relay-it", "peer-1", "m-1"), Instant.now()));

        // Both sides hold the same values: PostgreSQL's state tables equal the query API.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            assertThat(rows("SELECT soul, temp, name FROM gun.devices ORDER BY soul")).containsExactly(
                    List.of("devices/d1", 23.0, "kitchen"), List.of("devices/d2", 19.0, "hall"));
            assertThat(value(query.node("devices/d2").orElseThrow(), "name")).isEqualTo(new GunValue.Str("hall"));
        });
        System.out.printf("Gun write in gun.devices after %d ms%n", (System.nanoTime() - writeStart) / 1_000_000);

        // No echo: the rows the sink wrote do not come back as deltas. gun.deltas holds exactly the three writes
        // (snapshot, UPDATE, Gun write) and stays so.
        await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(5)).until(() -> endOffset("gun.deltas") == 3);
        assertThat(rows("SELECT temp FROM public.device_registry WHERE id = 'd1'")).containsExactly(List.of(23.0));
    }

    private static GunValue value(final GunNode node, final String key) {
        return node.field(key).map(FieldState::value).orElseThrow(() -> new AssertionError(key + " missing in " + node));
    }

    private static void produceDelta(final GunDelta delta) {
        try (GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class)) {
            serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
            final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, GunDelta> producer =
                         new KafkaProducer<>(config, new StringSerializer(), serde.serializer())) {
                producer.send(new ProducerRecord<>("gun.deltas", delta.getSoul(), delta));
                producer.flush();
            }
        }
    }

    private static long endOffset(final String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(kafka.clientConfig()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static void execute(final String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<List<Object>> rows(final String sql) throws SQLException {
        final List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                final List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
