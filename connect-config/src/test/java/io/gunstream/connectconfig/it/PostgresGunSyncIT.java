package io.gunstream.connectconfig.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.connectconfig.ConnectorDeployer;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.connect.ConnectRest;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.postgres.EmbeddedPostgres;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.stack.registry.SchemaRegistryConfig;
import io.gunstream.streams.app.GunStreamsApp;
import io.gunstream.streams.query.GunQueryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL ⇄ Gun through the shipped files, with one stack for the class: legacy tables → Debezium source →
 * gun.deltas → streams (HAM) → query API, relay and gun.js clients; gun.nodes → JDBC sink → tables in schema
 * {@code gun}. Gun writes take the same way to PostgreSQL. Nothing loops back: the sink's tables are outside the
 * source's publication.
 *
 * <p>What "the same values on both sides" means here. PostgreSQL → Gun: a committed row of a legacy table becomes a
 * delta with one field per column (the primary key included) and state = the commit timestamp in ms. Gun →
 * PostgreSQL: the merged node becomes the row {@code soul, <one column per key>} of {@code gun.<prefix table>}. So
 * for every soul the Gun side (query API, gun.js clients) and the PostgreSQL side ({@code gun.*} row) must both equal
 * the HAM winner of everything written to that soul; the legacy table keeps what SQL last wrote to it (Gun writes do
 * not flow back into legacy tables), and is checked against that.
 *
 * <p>Test order matters only for the last one, which stops PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresGunSyncIT {

    private static final String DELTAS = "gun.deltas";
    private static final List<String> PIPELINE_TOPICS = List.of(DELTAS, "gun.changes", "gun.nodes");
    /** How long nothing may change anywhere for the system to count as quiet. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    static Path root;

    private static EmbeddedKafkaBroker kafka;
    private static EmbeddedSchemaRegistry registry;
    private static EmbeddedPostgres.Builder postgresSettings;
    private static EmbeddedPostgres postgres;
    private static EmbeddedConnectWorker worker;
    private static GunStreamsApp streams;
    private static GunRelay relay;
    private static GunQueryClient query;
    private static KafkaProducer<String, GunDelta> producer;
    private static GunAvroSerde<GunDelta> deltaSerde;
    /** Reads end offsets only (never assigned), from one thread at a time. */
    private static KafkaConsumer<byte[], byte[]> offsets;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        // A data dir of our own (not a temporary one) so the outage test can start the same cluster again; commit
        // timestamps on so the oracle reads each PostgreSQL write's HAM state from PostgreSQL itself.
        // PostgreSQL runs as another user when the JVM is root: it must be able to enter the temp dir
        final Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(root));
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(root, permissions);
        postgresSettings = EmbeddedPostgres.builder().dataDir(root.resolve("pg")).setting("track_commit_timestamp", "on");
        postgres = postgresSettings.start();
        worker = EmbeddedConnectWorker.builder().kafka(kafka).groupId("pg-gun-sync-connect")
                .pluginPath(Path.of(System.getProperty("gunstream.connector.plugin.dir")),
                        Path.of(System.getProperty("gunstream.connect.plugins.dir")))
                .config("offset.flush.interval.ms", "1000")
                .start();
        streams = GunStreamsApp.start(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url().toString(),
                "application.id", "pg-gun-sync-it",
                "state.dir", root.resolve("streams").toString(),
                "topics.partitions", "1",
                "num.standby.replicas", "0",
                "query.port", "0",
                // a device whose every field is null becomes a tombstone, so the sink deletes its row
                "nodes.tombstone.souls", "devices/*",
                "streams.commit.interval.ms", "100"), Duration.ofSeconds(90));
        query = new GunQueryClient(streams.queryUrl(), Duration.ofSeconds(10));
        final Map<String, Object> relaySettings = new HashMap<>();
        relaySettings.put("bootstrap.servers", kafka.bootstrapServers());
        relaySettings.put("schema.registry.url", registry.url().toString());
        relaySettings.put("relay.host", "127.0.0.1");
        relaySettings.put("relay.port", 0);
        relaySettings.put("relay.id", "pg-gun-sync-relay");
        relaySettings.put("query.url", streams.queryUrl().toString());
        relay = GunRelay.start(relaySettings);

        deltaSerde = GunAvroSerde.specific(GunDelta.class);
        deltaSerde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
        final Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfig());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), deltaSerde.serializer());
        offsets = new KafkaConsumer<>(new HashMap<>(kafka.clientConfig()), new ByteArrayDeserializer(), new ByteArrayDeserializer());

        postgres.execute("CREATE SCHEMA IF NOT EXISTS gun");
        postgres.execute("CREATE TABLE public.device_registry (id text PRIMARY KEY, temp double precision, name text)");
        postgres.execute("INSERT INTO public.device_registry VALUES ('r1', 21.5, 'kitchen'), ('r3', 18.0, 'cellar')");
        postgres.execute("CREATE TABLE public.thermostats (id text PRIMARY KEY, setpoint double precision, mode text)");

        final Map<String, String> values = EmbeddedPlaceholders.of(postgres, registry.url());
        values.put("LEGACY_TABLES", "public.device_registry,public.thermostats");
        values.put("LEGACY_SOUL_PREFIXES", "public.device_registry:devices,public.thermostats:thermostats");
        values.put("STATE_TABLE_MAP", "devices:devices,thermostats:thermostats,meters:meters");
        values.put("STATE_COLUMN_TYPES", "id:string,temp:double,name:string,online:boolean,battery:double,"
                + "setpoint:double,mode:string,reading:double,label:string");
        final Path connectors = Path.of("src/main/resources/connectors");
        new ConnectorDeployer(worker.restUrl(), Duration.ofSeconds(90), System.out::println).deploy(List.of(
                connectors.resolve("debezium-postgres-source.json"), connectors.resolve("jdbc-sink-state.json")), values);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable service : new AutoCloseable[] {offsets, producer, deltaSerde, relay, streams, worker, postgres, registry, kafka}) {
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
    @Order(1)
    void legacyUpdatesAndGunWritesMeetOnBothSidesAndTheSystemGoesQuiet() throws Exception {
        // The snapshot of the legacy row becomes a merged node...
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(value(query.node("devices/r1").orElseThrow(), "temp")).isEqualTo(new GunValue.Num(21.5)));
        // ...and an UPDATE by the old backend wins HAM (state = its commit timestamp) and shows in the query API.
        final long beforeUpdate = System.currentTimeMillis();
        final long updateStart = System.nanoTime();
        postgres.execute("UPDATE public.device_registry SET temp = 23.0 WHERE id = 'r1'");
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            final GunNode node = query.node("devices/r1").orElseThrow();
            assertThat(value(node, "temp")).isEqualTo(new GunValue.Num(23.0));
            assertThat(node.field("temp").orElseThrow().state()).isGreaterThanOrEqualTo(beforeUpdate - 5_000);
        });
        System.out.printf("legacy UPDATE visible in the query API after %d ms%n", (System.nanoTime() - updateStart) / 1_000_000);
        final long writeStart = System.nanoTime();

        // A Gun write (as a relay produces it) reaches PostgreSQL through the sink.
        produce(GunNode.builder("devices/r2").put("temp", System.currentTimeMillis(), GunValue.of(19.0))
                .put("name", System.currentTimeMillis(), GunValue.of("hall")).build());

        // Both sides hold the same values: PostgreSQL's state tables equal the query API.
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            assertThat(postgres.rows("SELECT soul, temp, name FROM gun.devices WHERE soul IN ('devices/r1', 'devices/r2') ORDER BY soul"))
                    .containsExactly(List.of("devices/r1", 23.0, "kitchen"), List.of("devices/r2", 19.0, "hall"));
            assertThat(value(query.node("devices/r2").orElseThrow(), "name")).isEqualTo(new GunValue.Str("hall"));
        });
        System.out.printf("Gun write in gun.devices after %d ms%n", (System.nanoTime() - writeStart) / 1_000_000);

        // No echo: the rows the sink wrote do not come back as deltas. The two souls got exactly the three writes
        // (snapshot, UPDATE, Gun write), and nothing moves any more.
        awaitQuiet(() -> postgres.rows("SELECT soul, xmin::text FROM gun.devices ORDER BY soul"));
        assertThat(deltas(Set.of("devices/r1", "devices/r2"))).extracting(d -> d.getOrigin().getKind())
                .containsExactlyInAnyOrder(SourceKind.CDC, SourceKind.CDC, SourceKind.RELAY);
        assertThat(postgres.rows("SELECT temp FROM public.device_registry WHERE id = 'r1'")).containsExactly(List.of(23.0));
    }

    /**
     * A burst of interleaved writes to the same souls from both sides: UPDATEs of a legacy table (state = commit
     * timestamp, read back from PostgreSQL) and Gun deltas as a relay produces them (state = wall clock), then three
     * writes whose outcome only HAM decides (equal state, greater value wins; equal state, smaller value loses; an older
     * state arriving last loses). The oracle is gun-core's HamMerge over everything written.
     */
    @Test
    @Order(2)
    void concurrentWritesOnBothSidesConvergeToTheHamWinnerOnBothSidesWithoutALoop() throws Exception {
        final List<String> ids = List.of("t0", "t1", "t2", "t3");
        final HamOracle oracle = new HamOracle();
        final Map<String, Map<String, GunValue>> lastSql = new TreeMap<>();
        for (String id : ids) {
            lastSql.put(id, pgWrite(oracle, "INSERT INTO public.thermostats VALUES (?, 20.0, 'auto') RETURNING "
                    + "id, setpoint, mode, xmin::text", id));
        }
        try (NodeGun watcher = NodeGun.client("watcher", peerUrl())) {
            ids.forEach(id -> watcher.on(id, List.of("thermostats/" + id)));

            final int writesPerSide = 40;
            // Both sides write in the same rounds, so their writes interleave in time; the Gun side writes the soul
            // the SQL side wrote two rounds earlier, so each side is the last writer of some fields.
            final CyclicBarrier round = new CyclicBarrier(2);
            final long burstStart = System.nanoTime();
            final CompletableFuture<Void> sqlSide = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < writesPerSide; i++) {
                    nextRound(round);
                    final String id = ids.get(i % ids.size());
                    final String sql = i % 2 == 0
                            ? "UPDATE public.thermostats SET setpoint = " + (15 + i * 0.5) + " WHERE id = ?"
                            : "UPDATE public.thermostats SET mode = 'pg-" + i + "' WHERE id = ?";
                    lastSql.put(id, pgWrite(oracle, sql + " RETURNING id, setpoint, mode, xmin::text", id));
                }
            });
            final CompletableFuture<Void> gunSide = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < writesPerSide; i++) {
                    nextRound(round);
                    final String soul = "thermostats/" + ids.get((i + 2) % ids.size());
                    final boolean mode = (i / ids.size()) % 2 == 0;
                    final GunNode write = GunNode.builder(soul).put(mode ? "mode" : "setpoint",
                            System.currentTimeMillis(), mode ? GunValue.of("gun-" + i) : GunValue.of(25 + i * 0.5)).build();
                    oracle.write(write, "gun");
                    try {
                        produce(write); // acked one by one: paces this side like the SQL side
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            CompletableFuture.allOf(sqlSide, gunSide).get();
            System.out.printf("burst: %d SQL writes and %d Gun writes in %d ms%n", writesPerSide, writesPerSide,
                    (System.nanoTime() - burstStart) / 1_000_000);

            // Writes that arrival order would get wrong: HAM decides on (state, value).
            final GunNode t0 = oracle.node("thermostats/t0");
            final GunNode t1 = oracle.node("thermostats/t1");
            final GunNode t2 = oracle.node("thermostats/t2");
            final double t0State = t0.field("mode").orElseThrow().state();
            final double t1State = t1.field("mode").orElseThrow().state();
            final double t2State = t2.field("setpoint").orElseThrow().state();
            for (GunNode write : List.of(
                    GunNode.builder("thermostats/t0").put("mode", t0State, GunValue.of("zzz-tie-wins")).build(),
                    GunNode.builder("thermostats/t1").put("mode", t1State, GunValue.of("!-tie-loses")).build(),
                    GunNode.builder("thermostats/t2").put("setpoint", t2State - 60_000, GunValue.of(99.0)).build())) {
                oracle.write(write, "gun");
                produce(write);
            }
            assertThat(oracle.value("thermostats/t0", "mode")).isEqualTo(GunValue.of("zzz-tie-wins"));
            assertThat(oracle.value("thermostats/t1", "mode")).isNotEqualTo(GunValue.of("!-tie-loses"));
            assertThat(oracle.value("thermostats/t2", "setpoint")).isNotEqualTo(GunValue.of(99.0));

            // Quiet: no record on gun.deltas / gun.changes / gun.nodes, no new row version in either table, for 5 s.
            final long quietStart = System.nanoTime();
            awaitQuiet(() -> List.of(postgres.rows("SELECT soul, xmin::text FROM gun.thermostats ORDER BY soul"),
                    postgres.rows("SELECT id, xmin::text FROM public.thermostats ORDER BY id")));
            System.out.printf("quiet (%d s without a change) %d ms after the last write; winners by origin: %s%n",
                    QUIET.toSeconds(), (System.nanoTime() - quietStart) / 1_000_000, oracle.winnersByOrigin());

            // No loop: exactly one delta per write, by origin.
            final Set<String> souls = ids.stream().map(id -> "thermostats/" + id).collect(Collectors.toSet());
            final Map<SourceKind, Long> byOrigin = deltas(souls).stream()
                    .collect(Collectors.groupingBy(d -> d.getOrigin().getKind(), TreeMap::new, Collectors.counting()));
            assertThat(byOrigin).containsExactly(Map.entry(SourceKind.RELAY, (long) writesPerSide + 3),
                    Map.entry(SourceKind.CDC, (long) writesPerSide + ids.size()));

            for (String id : ids) {
                final String soul = "thermostats/" + id;
                final GunNode expected = oracle.node(soul);
                // Gun side: the query API serves the HAM winner, values and states...
                assertThat(query.node(soul).orElseThrow().fields()).as(soul).isEqualTo(expected.fields());
                // ...PostgreSQL side: the row holds the same values...
                assertThat(postgres.rows("SELECT id, setpoint, mode FROM gun.thermostats WHERE soul = '" + soul + "'")).as(soul)
                        .containsExactly(List.of(plain(expected, "id"), plain(expected, "setpoint"), plain(expected, "mode")));
                // ...the legacy table what SQL wrote last...
                assertThat(postgres.rows("SELECT id, setpoint, mode FROM public.thermostats WHERE id = '" + id + "'")).as(id)
                        .containsExactly(List.of(plainOf(lastSql.get(id).get("id")), plainOf(lastSql.get(id).get("setpoint")),
                                plainOf(lastSql.get(id).get("mode"))));
            }
            // ...and a real gun.js client subscribed through the relay sees the winners too.
            await("gun.js sees the HAM winners").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : ids) {
                    final JsonNode seen = watcher.latest("on", id, null);
                    assertThat(seen).as(id).isNotNull();
                    final GunNode expected = oracle.node("thermostats/" + id);
                    assertThat(seen.path("setpoint").asDouble()).as(id).isEqualTo(plain(expected, "setpoint"));
                    assertThat(seen.path("mode").asText()).as(id).isEqualTo(plain(expected, "mode"));
                }
            });
        }
    }

    /**
     * A real gun.js client writes devices/d1 through the relay: a typed row, an update, a single null (the column
     * becomes NULL) and an all-null node (a tombstone for souls in nodes.tombstone.souls: the row is deleted). Then an
     * UPDATE of a legacy table reaches the query API and a gun.js client subscribed to that soul.
     */
    @Test
    @Order(3)
    void gunJsClientWritesBecomeRowsAndLegacyUpdatesReachSubscribedGunJsClients() throws Exception {
        try (NodeGun writer = NodeGun.client("writer", peerUrl()); NodeGun watcher = NodeGun.client("watcher", peerUrl())) {
            acked(writer, "create", Map.of("name", "thermostat", "online", true, "battery", 97));
            final String row = "SELECT name, online, battery FROM gun.devices WHERE soul = 'devices/d1'";
            await("gun.js put → row").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(postgres.rows(row)).containsExactly(List.of("thermostat", true, 97.0)));

            acked(writer, "update", Map.of("battery", 42));
            await("update → row").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(postgres.rows(row)).containsExactly(List.of("thermostat", true, 42.0)));

            final Map<String, Object> offline = new HashMap<>();
            offline.put("online", null);
            acked(writer, "null", offline);
            await("a Gun null → SQL NULL").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(postgres.rows(row)).containsExactly(java.util.Arrays.asList("thermostat", null, 42.0)));

            final Map<String, Object> gone = new HashMap<>();
            gone.put("name", null);
            gone.put("battery", null);
            acked(writer, "delete", gone);
            await("all fields null → tombstone → row deleted").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(postgres.rows(row)).isEmpty());
            // Gun keeps the nulls with their states, so an older write cannot bring the node back
            assertThat(query.node("devices/d1").orElseThrow().isAllNull()).isTrue();

            // Legacy row r3 (snapshot) → a gun.js client subscribed to it, then an UPDATE by the old backend.
            watcher.on("r3", List.of("devices/r3"));
            await("gun.js gets the snapshot row").atMost(Duration.ofSeconds(60)).until(() -> {
                final JsonNode seen = watcher.latest("on", "r3", null);
                return seen != null && "cellar".equals(seen.path("name").asText());
            });
            final long updateStart = System.nanoTime();
            postgres.execute("UPDATE public.device_registry SET temp = 17.5, name = 'wine cellar' WHERE id = 'r3'");
            await("UPDATE → gun.js subscriber").atMost(Duration.ofSeconds(60)).until(() -> {
                final JsonNode seen = watcher.latest("on", "r3", null);
                return seen != null && "wine cellar".equals(seen.path("name").asText()) && seen.path("temp").asDouble() == 17.5;
            });
            final long toClientMs = (System.nanoTime() - updateStart) / 1_000_000;
            final GunNode merged = query.node("devices/r3").orElseThrow();
            assertThat(value(merged, "name")).isEqualTo(GunValue.of("wine cellar"));
            assertThat(value(merged, "temp")).isEqualTo(GunValue.of(17.5));
            System.out.printf("legacy UPDATE pushed to a subscribed gun.js client after %d ms%n", toClientMs);
        }
    }

    /**
     * PostgreSQL is stopped for 30 s while Gun writes go on (new souls and updates, before, during and after the
     * outage); after it comes back on the same data dir and port, the JDBC sink catches up: one row per soul, values
     * equal to the HAM winners, nothing duplicated; the CDC source resumes too.
     */
    @Test
    @Order(4)
    void postgresStoppedForThirtySecondsDuringGunWritesTheSinkCatchesUp() throws Exception {
        final HamOracle oracle = new HamOracle();
        final int souls = 20;
        final java.util.function.IntFunction<String> soul = i -> String.format("meters/m%02d", i);
        writeMeters(oracle, soul, 0, 10, "before");
        await("rows before the outage").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(postgres.rows("SELECT count(*) FROM gun.meters")).containsExactly(List.of(10L)));

        final int port = postgres.port();
        postgres.close();
        final long outageBegin = System.nanoTime();
        System.out.println("PostgreSQL stopped");
        // during the outage: updates of existing souls and new souls; Gun keeps serving them
        writeMeters(oracle, soul, 0, 5, "outage-1");
        writeMeters(oracle, soul, 10, 15, "outage-1");
        awaitServed(oracle);
        await("half the outage").atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() - outageBegin >= OUTAGE.toNanos() / 2);
        writeMeters(oracle, soul, 5, 10, "outage-2");
        writeMeters(oracle, soul, 15, souls, "outage-2");
        awaitServed(oracle);
        await("the whole outage").atMost(OUTAGE).pollInterval(Duration.ofMillis(200))
                .until(() -> System.nanoTime() - outageBegin >= OUTAGE.toNanos());

        postgres = postgresSettings.port(port).start();
        final long restart = System.nanoTime();
        System.out.printf("PostgreSQL started again after %d ms down%n", (restart - outageBegin) / 1_000_000);
        writeMeters(oracle, soul, 0, 2, "after");

        await("the sink catches up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(postgres.rows("SELECT soul, reading, label FROM gun.meters ORDER BY soul"))
                        .isEqualTo(oracle.rows(List.of("reading", "label"))));
        System.out.printf("gun.meters matches the oracle %d ms after PostgreSQL came back%n", (System.nanoTime() - restart) / 1_000_000);
        assertThat(postgres.rows("SELECT count(*), count(DISTINCT soul) FROM gun.meters")).containsExactly(List.of((long) souls, (long) souls));
        final JsonNode status = new ConnectRest(worker.restUrl()).get("/connectors/gunstream-jdbc-sink-state/status");
        assertThat(status.path("tasks").get(0).path("state").asText()).as(status.toString()).isEqualTo("RUNNING");

        // The CDC source reconnects to its slot as well.
        postgres.execute("UPDATE public.device_registry SET temp = 30.5 WHERE id = 'r1'");
        await("legacy UPDATE after the outage").atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() ->
                assertThat(value(query.node("devices/r1").orElseThrow(), "temp")).isEqualTo(GunValue.of(30.5)));
    }

    // ---- writers and readers

    private static void writeMeters(final HamOracle oracle, final java.util.function.IntFunction<String> soul,
                                    final int from, final int to, final String phase) throws Exception {
        for (int i = from; i < to; i++) {
            final double state = System.currentTimeMillis();
            final GunNode write = GunNode.builder(soul.apply(i)).put("reading", state, GunValue.of(i + state % 1000 / 1000.0))
                    .put("label", state, GunValue.of(phase + "-" + i)).build();
            oracle.write(write, "gun");
            produce(write);
        }
    }

    private static void awaitServed(final HamOracle oracle) {
        await("Gun serves every write").atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            for (String s : oracle.souls()) {
                assertThat(query.node(s).orElseThrow().fields()).as(s).isEqualTo(oracle.node(s).fields());
            }
        });
    }

    /** One SQL write in its own transaction; its fields go into the oracle with state = the commit timestamp. */
    private static Map<String, GunValue> pgWrite(final HamOracle oracle, final String sql, final String id) {
        try (Connection connection = postgres.connect()) {
            final Map<String, GunValue> row = new LinkedHashMap<>();
            final String xid;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, id);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    row.put("id", GunValue.of(result.getString(1)));
                    row.put("setpoint", GunValue.of(result.getDouble(2)));
                    row.put("mode", GunValue.of(result.getString(3)));
                    xid = result.getString(4);
                }
            }
            // Debezium's source.ts_ms: the commit time, truncated to ms
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT floor(extract(epoch FROM pg_xact_commit_timestamp(?::xid)) * 1000)::bigint")) {
                statement.setString(1, xid);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    final GunNode.Builder write = GunNode.builder("thermostats/" + id);
                    final double state = result.getLong(1);
                    row.forEach((key, value) -> write.put(key, state, value));
                    oracle.write(write.build(), "sql");
                }
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " for " + id + ": " + e, e);
        }
    }

    private static void nextRound(final CyclicBarrier round) {
        try {
            round.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other side of the burst stopped: " + e, e);
        }
    }

    private static void produce(final GunNode write) throws Exception {
        final GunDelta delta = GunAvro.toDelta(write, new Origin(SourceKind.RELAY, "relay-it", "peer-1",
                "m-" + System.nanoTime()), Instant.now());
        producer.send(new ProducerRecord<>(DELTAS, delta.getSoul(), delta)).get();
    }

    private static String peerUrl() {
        return relay.httpUrl() + "/gun";
    }

    private static void acked(final NodeGun gun, final String id, final Map<String, Object> value) {
        final JsonNode ack = gun.putAcked(id, List.of("devices/d1"), value, Duration.ofSeconds(30));
        assertThat(ack.path("err").isNull()).as("ack of %s: %s", id, ack).isTrue();
    }

    /**
     * Waits until nothing changes for {@link #QUIET}: the end offsets of the pipeline's topics and {@code state} (rows
     * with their {@code xmin}, so an upsert that rewrites a row with the same values counts as a change too).
     */
    private static void awaitQuiet(final Callable<Object> state) {
        final AtomicReference<Object> last = new AtomicReference<>();
        await("quiet for " + QUIET).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).during(QUIET)
                .ignoreExceptions()
                .until(() -> {
                    final Object now = List.of(endOffsets(), state.call());
                    return now.equals(last.getAndSet(now));
                });
    }

    private static Map<TopicPartition, Long> endOffsets() {
        final List<TopicPartition> partitions = PIPELINE_TOPICS.stream().flatMap(t -> offsets.partitionsFor(t).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        return offsets.endOffsets(partitions);
    }

    /** Every delta on gun.deltas for these souls, from the beginning. */
    private static List<GunDelta> deltas(final Set<String> souls) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, GunDelta> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                deltaSerde.deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(DELTAS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final List<GunDelta> found = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                assertThat(System.nanoTime()).as("read %s up to %s in 30 s", DELTAS, end).isLessThan(deadline);
                for (ConsumerRecord<String, GunDelta> record : consumer.poll(Duration.ofMillis(200))) {
                    if (souls.contains(record.key())) {
                        found.add(record.value());
                    }
                }
            }
            return found;
        }
    }

    private static GunValue value(final GunNode node, final String key) {
        return node.field(key).map(FieldState::value).orElseThrow(() -> new AssertionError(key + " missing in " + node));
    }

    /** The JDBC value a Gun value becomes in a typed column. */
    private static Object plain(final GunNode node, final String key) {
        return plainOf(value(node, key));
    }

    private static Object plainOf(final GunValue value) {
        if (value instanceof GunValue.Bool b) {
            return b.value();
        }
        if (value instanceof GunValue.Num n) {
            return n.value();
        }
        if (value instanceof GunValue.Str s) {
            return s.value();
        }
        return value instanceof GunValue.Link l ? l.soul() : null;
    }

    /** Everything written, merged with gun-core's HAM (no clock: every state counts as past), with the writer of each winner. */
    private static final class HamOracle {

        private final Map<String, GunNode> nodes = new TreeMap<>();
        private final Map<String, String> winnerOrigin = new HashMap<>();

        synchronized void write(final GunNode write, final String origin) {
            final GunNode merged = HamMerge.merge(nodes.get(write.soul()), write, Double.POSITIVE_INFINITY).merged();
            for (String key : write.fields().keySet()) {
                if (merged.fields().get(key).equals(write.fields().get(key))) {
                    winnerOrigin.put(write.soul() + "." + key, origin);
                }
            }
            nodes.put(write.soul(), merged);
        }

        synchronized GunNode node(final String soul) {
            return nodes.get(soul);
        }

        synchronized GunValue value(final String soul, final String key) {
            return PostgresGunSyncIT.value(nodes.get(soul), key);
        }

        synchronized Set<String> souls() {
            return Set.copyOf(nodes.keySet());
        }

        synchronized Map<String, Long> winnersByOrigin() {
            return winnerOrigin.values().stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
        }

        /** {@code soul, <columns...>} per soul, ordered by soul: what the state table must hold. */
        synchronized List<List<Object>> rows(final List<String> columns) {
            final List<List<Object>> rows = new ArrayList<>();
            nodes.forEach((soul, node) -> {
                final List<Object> row = new ArrayList<>();
                row.add(soul);
                columns.forEach(c -> row.add(plain(node, c)));
                rows.add(row);
            });
            return rows;
        }
    }
}
