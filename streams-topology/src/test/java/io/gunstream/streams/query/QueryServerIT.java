package io.gunstream.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.streams.StoreNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Kafka Streams instances of one application on a real in-process broker and schema registry, each with its
 * own query API: routing to the owner, prefix fan-out, and failover to the standby when one instance dies. The
 * topology is a stand-in that only materialises the stores the query API reads (named as in {@link StoreNames}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryServerIT {

    private static final String NODES_TOPIC = "it.query.nodes";
    private static final String ENTROPY_TOPIC = "it.query.entropy-latest";
    private static final int PARTITIONS = 4;
    private static final int DEVICES = 32;
    private static final String ODD_SOUL = "odd souls/\u00e4 ? # % + \ud83d\ude00/../.";

    private Path stateDirs;

    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private Instance a;
    private Instance b;
    private final Map<String, GunNode> written = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** One app instance: its streams and its query API. */
    private record Instance(String name, KafkaStreams streams, QueryServer server, GunQueryClient client) {
        HostInfo host() {
            return server.hostInfo();
        }

        void close() {
            streams.close(Duration.ofSeconds(20));
            server.close();
        }
    }

    @BeforeAll
    void startTwoInstances(@TempDir final Path stateDirs) {
        this.stateDirs = stateDirs;
        broker = EmbeddedKafkaBroker.builder().start();
        registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "kafkastore.topic.replication.factor", "1"));
        broker.createTopic(NODES_TOPIC, PARTITIONS, Map.of("cleanup.policy", "compact"));
        broker.createTopic(ENTROPY_TOPIC, PARTITIONS, Map.of("cleanup.policy", "compact"));

        a = startInstance("a");
        b = startInstance("b");
        await("both instances RUNNING with active partitions of " + StoreNames.NODES).atMost(Duration.ofSeconds(45))
                .until(() -> a.streams.state() == KafkaStreams.State.RUNNING && b.streams.state() == KafkaStreams.State.RUNNING
                        && activePartitionsPerHost(a.streams).size() == 2 && activePartitionsPerHost(b.streams).size() == 2);

        produceNodesAndSamples();
        await("every node readable through instance a").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> a.client.prefix("", 1000).size() == written.size());
    }

    @AfterAll
    void stopAll() {
        for (final Instance instance : new Instance[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void eachInstanceAnswersForKeysTheOtherOwns() throws Exception {
        for (final Instance asked : List.of(a, b)) {
            final Instance owner = asked == a ? b : a;
            final List<String> foreign = soulsOwnedBy(asked.streams, owner.host());
            assertThat(foreign).as("keys of %s owned by %s", asked.name, owner.name).isNotEmpty();

            for (final String soul : foreign) {
                assertThat(asked.client.node(soul)).as(soul).contains(written.get(soul));
            }
            final HttpResponse<String> raw = get(asked, "/nodes/" + QueryPaths.encode(foreign.get(0)));
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().firstValue(Forwarder.SERVED_BY_HEADER)).contains(owner.server.applicationServer());
            assertThat(raw.body()).isEqualTo(GunNodeJson.write(written.get(foreign.get(0))));
        }
    }

    @Test
    @Order(2)
    void nodesComeBackInGunJsFormWithV8Numbers() throws Exception {
        final HttpResponse<String> response = get(a, "/nodes/devices/d7");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"_\":{\"#\":\"devices/d7\",\">\":{\"name\":1700000000007,\"big\":1700000000007,"
                + "\"zero\":1700000000007,\"owner\":1700000000007,\"gone\":1700000000007}},\"name\":\"device 7 \u00e9\","
                + "\"big\":1e+21,\"zero\":0,\"owner\":{\"#\":\"people/p7\"},\"gone\":null}");
        // encoded and plain slashes name the same soul; odd characters survive the trip through both instances
        assertThat(get(b, "/nodes/devices%2Fd7").body()).isEqualTo(response.body());
        assertThat(a.client.node(ODD_SOUL)).contains(written.get(ODD_SOUL));
        assertThat(b.client.node(ODD_SOUL)).contains(written.get(ODD_SOUL));
    }

    @Test
    @Order(3)
    void unknownSoulsAre404OnEveryInstance() throws Exception {
        for (final Instance instance : List.of(a, b)) {
            for (final String soul : List.of("devices/nope", "people/nobody", "x")) {
                assertThat(instance.client.node(soul)).isEmpty();
            }
            final HttpResponse<String> response = get(instance, "/nodes/devices%2Fnope");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("devices/nope");
        }
        // both owners were asked: the unknown souls hash to partitions of each instance
        final Set<HostInfo> owners = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            owners.add(a.streams.queryMetadataForKey(StoreNames.NODES, "missing/" + i, new StringSerializer()).activeHost());
            assertThat(a.client.node("missing/" + i)).isEmpty();
        }
        assertThat(owners).containsExactlyInAnyOrder(a.host(), b.host());
    }

    @Test
    @Order(4)
    void prefixQueriesMergeBothInstancesSortedAndLimited() throws Exception {
        final List<String> devices = written.keySet().stream().filter(s -> s.startsWith("devices/"))
                .sorted(SoulOrder.CODE_POINTS).toList();
        final Set<HostInfo> owners = devices.stream()
                .map(soul -> a.streams.queryMetadataForKey(StoreNames.NODES, soul, new StringSerializer()).activeHost())
                .collect(Collectors.toSet());
        assertThat(owners).as("the devices live on both instances").containsExactlyInAnyOrder(a.host(), b.host());

        for (final Instance instance : List.of(a, b)) {
            final List<GunNode> all = instance.client.prefix("devices/", 1000);
            assertThat(all).extracting(GunNode::soul).containsExactlyElementsOf(devices);
            assertThat(all).allSatisfy(node -> assertThat(node).isEqualTo(written.get(node.soul())));

            assertThat(instance.client.prefix("devices/", 5)).extracting(GunNode::soul).containsExactlyElementsOf(devices.subList(0, 5));
            assertThat(instance.client.prefix("devices/d1", 1000)).extracting(GunNode::soul)
                    .allSatisfy(soul -> assertThat(soul).startsWith("devices/d1")).hasSize(11); // d1, d10..d19
            assertThat(instance.client.prefix("nothing/", 10)).isEmpty();
        }
        assertThat(get(a, "/nodes?prefix=devices%2F&limit=100000").statusCode()).isEqualTo(400);
        assertThat(get(a, "/nodes?prefix=devices%2F&limit=abc").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> a.client.prefix("devices/", 1001)).isInstanceOf(GunQueryException.class)
                .hasMessageContaining(QueryConfig.PREFIX_LIMIT_MAX_CONFIG);
    }

    @Test
    @Order(5)
    void latestEntropySampleIsServedByAnyInstance() throws Exception {
        for (final Instance instance : List.of(a, b)) {
            for (int i = 0; i < 6; i++) {
                final HttpResponse<String> response = get(instance, "/entropy/" + QueryPaths.encode("devices/d" + i + "/entropy") + "/latest");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{\"source\":\"devices/d" + i + "/entropy\",\"key\":\"t\",\"state\":" + (1000 + i)
                        + ",\"value\":" + (i + 0.5) + ",\"numeric_value\":" + (i + 0.5) + ",\"timestamp\":" + (1_700_000_000_000L + i) + "}");
            }
            assertThat(get(instance, "/entropy/devices/none/entropy/latest").statusCode()).isEqualTo(404);
        }
    }

    @Test
    @Order(6)
    void healthSaysRunningAndOtherPathsAre404() throws Exception {
        final HttpResponse<String> health = get(a, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"state\":\"RUNNING\",\"server\":\"" + a.server.applicationServer() + "\"}");
        assertThat(a.client.healthy()).isTrue();
        assertThat(get(a, "/nope").statusCode()).isEqualTo(404);
        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(a.server.url().resolve("/nodes/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    @Order(7)
    void whenAnInstanceDiesItsKeysAreServedAgainBySurvivor() {
        final List<String> ownedByB = soulsOwnedBy(a.streams, b.host());
        assertThat(ownedByB).isNotEmpty();
        final long killedAt = System.nanoTime();
        b.close(); // no cleanUp(): a crash leaves state dirs and, without a leave-group, the group still counts b
        assertThat(b.client.healthy()).isFalse();

        final Set<String> served = new HashSet<>();
        final Set<String> servedWhileBStillOwnedThem = new HashSet<>();
        await("b's keys served by a").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    for (final String soul : ownedByB) {
                        if (served.contains(soul)) {
                            continue;
                        }
                        final boolean bNamedOwner = a.streams.queryMetadataForKey(StoreNames.NODES, soul, new StringSerializer())
                                .activeHost().equals(b.host());
                        if (a.client.node(soul).equals(Optional.of(written.get(soul)))) {
                            served.add(soul);
                            if (bNamedOwner) {
                                servedWhileBStillOwnedThem.add(soul);
                            }
                        }
                    }
                    return served.size() == ownedByB.size();
                });
        // The group has not noticed b's death yet (session timeout 6 s), so these answers came from a's standbys.
        assertThat(servedWhileBStillOwnedThem).as("keys answered from a standby while the group still named b owner").isNotEmpty();
        final long servedMs = (System.nanoTime() - killedAt) / 1_000_000;

        await("a owns every partition and answers prefix queries alone").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> a.client.prefix("", 1000).size() == written.size());
        final long prefixMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("FAILOVER b closed: its %d keys served by a after %d ms (%d from standby while b was still "
                + "named owner), full prefix query after %d ms%n", ownedByB.size(), servedMs, servedWhileBStillOwnedThem.size(), prefixMs);
        assertThat(a.client.prefix("", 1000)).allSatisfy(node -> assertThat(node).isEqualTo(written.get(node.soul())));
    }

    private Instance startInstance(final String name) {
        final QueryServer server = QueryServer.bind(new QueryConfig(Map.of(QueryConfig.PORT_CONFIG, 0,
                QueryConfig.UNAVAILABLE_WAIT_MS_CONFIG, 3_000, QueryConfig.FORWARD_TIMEOUT_MS_CONFIG, 2_000)));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.applicationServer());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve(name).toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // a dead member is noticed after the session timeout (close() does not leave the group)
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500);
        final KafkaStreams streams = new KafkaStreams(testTopology(), props);
        server.attach(streams);
        streams.start();
        return new Instance(name, streams, server, new GunQueryClient(server.url(), Duration.ofSeconds(15)));
    }

    private org.apache.kafka.streams.Topology testTopology() {
        final GunAvroSerde<io.gunstream.schemas.avro.GunNode> nodeSerde = serde(io.gunstream.schemas.avro.GunNode.class);
        final GunAvroSerde<EntropySample> sampleSerde = serde(EntropySample.class);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.table(NODES_TOPIC, Consumed.with(Serdes.String(), nodeSerde),
                Materialized.<String, io.gunstream.schemas.avro.GunNode, KeyValueStore<Bytes, byte[]>>as(StoreNames.NODES)
                        .withKeySerde(Serdes.String()).withValueSerde(nodeSerde));
        builder.table(ENTROPY_TOPIC, Consumed.with(Serdes.String(), sampleSerde),
                Materialized.<String, EntropySample, KeyValueStore<Bytes, byte[]>>as(StoreNames.ENTROPY_LATEST)
                        .withKeySerde(Serdes.String()).withValueSerde(sampleSerde));
        return builder.build();
    }

    private <T extends SpecificRecord> GunAvroSerde<T> serde(final Class<T> type) {
        final GunAvroSerde<T> serde = GunAvroSerde.specific(type);
        serde.configure(Map.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString()), false);
        return serde;
    }

    private void produceNodesAndSamples() {
        final List<GunNode> nodes = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            final double state = 1_700_000_000_000d + i;
            nodes.add(GunNode.builder("devices/d" + i)
                    .put("name", state, GunValue.of("device " + i + " \u00e9"))
                    .put("big", state, GunValue.of(1e21))
                    .put("zero", state, GunValue.of(-0.0))
                    .put("owner", state, GunValue.link("people/p" + i))
                    .put("gone", state, GunValue.NULL)
                    .build());
        }
        for (int i = 0; i < 8; i++) {
            nodes.add(GunNode.builder("people/p" + i).put("age", 1, GunValue.of(20 + i)).build());
        }
        nodes.add(GunNode.builder(ODD_SOUL).put("k", 1, GunValue.of("v\u2028\ud83d\ude00")).build());

        final Map<String, Object> config = new HashMap<>(broker.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, io.gunstream.schemas.avro.GunNode> nodeProducer = new KafkaProducer<>(config,
                new StringSerializer(), serde(io.gunstream.schemas.avro.GunNode.class).serializer());
             KafkaProducer<String, EntropySample> sampleProducer = new KafkaProducer<>(config,
                     new StringSerializer(), serde(EntropySample.class).serializer())) {
            for (final GunNode node : nodes) {
                nodeProducer.send(new ProducerRecord<>(NODES_TOPIC, node.soul(), GunAvro.toAvro(node)));
                written.put(node.soul(), node);
            }
            for (int i = 0; i < 6; i++) {
                final String source = "devices/d" + i + "/entropy";
                for (int version = 0; version <= 1; version++) { // the later sample replaces the earlier
                    final double value = i + 0.5 * version;
                    sampleProducer.send(new ProducerRecord<>(ENTROPY_TOPIC, source, new EntropySample(source, "t",
                            1000d + i - 1 + version, value, GunAvro.toAvro(GunValue.of(value)),
                            Instant.ofEpochMilli(1_700_000_000_000L + i - 1 + version))));
                }
            }
            nodeProducer.flush();
            sampleProducer.flush();
        }
    }

    /** Partitions of the nodes store per host, active tasks only, as {@code streams} sees the group. */
    private static Map<HostInfo, Set<Integer>> activePartitionsPerHost(final KafkaStreams streams) {
        final Map<HostInfo, Set<Integer>> partitions = new HashMap<>();
        for (final StreamsMetadata metadata : streams.streamsMetadataForStore(StoreNames.NODES)) {
            final Set<Integer> own = metadata.topicPartitions().stream().filter(tp -> tp.topic().equals(NODES_TOPIC))
                    .map(tp -> tp.partition()).collect(Collectors.toSet());
            if (!own.isEmpty()) {
                partitions.put(metadata.hostInfo(), own);
            }
        }
        return partitions;
    }

    private List<String> soulsOwnedBy(final KafkaStreams streams, final HostInfo owner) {
        final List<String> owned = new ArrayList<>();
        for (final String soul : written.keySet()) {
            final KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.NODES, soul, new StringSerializer());
            if (metadata.activeHost().equals(owner)) {
                owned.add(soul);
            }
        }
        return owned;
    }

    private HttpResponse<String> get(final Instance instance, final String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(instance.server.url() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
