package io.gunstream.streams.app;

import io.gunstream.streams.query.GunQueryClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real KRaft broker and schema registry. Exactly-once across a crash: the app runs in a child JVM
 * that is killed with SIGKILL ({@code Process#destroyForcibly}) mid-stream, then restarted on the same state
 * directory; {@code gun.changes} read with {@code read_committed} must hold every winning change exactly once.
 */
@ExtendWith(RegistryExtension.class)
class GunStreamsAppIT {

    private static final int SOULS = 50;
    private static final int DELTAS = 20_000;
    private static final int MALFORMED = 5;

    @TempDir
    Path dir;

    @Test
    void noDuplicateAndNoLostChangeAcrossAKill9MidStream(final RegistryExtension.Stack stack) throws Exception {
        final String bootstrap = stack.broker().bootstrapServers();
        final List<String> args = List.of(
                "bootstrap.servers=" + bootstrap,
                "schema.registry.url=" + stack.registryUrl(),
                "application.id=eos-it",
                "state.dir=" + dir.resolve("state"),
                "topics.partitions=4",
                "num.standby.replicas=0",
                "query.port=0",
                "streams.commit.interval.ms=100",
                // the killed member leaves the group after this, instead of the 45 s default
                "streams.consumer.session.timeout.ms=6000");
        // Topics first (same code path as the app), so the input can be written before the app runs.
        GunStreamsApp.createTopics(new GunStreamsConfig(settings(args)));
        assertCleanupPolicies(bootstrap);
        produceInput(stack, bootstrap);

        Process app = startChild(args, Path.of("target", "eos-it-app-1.log"));
        try (KafkaConsumer<String, GunDelta> changes = consumer(stack, bootstrap, GunTopics.CHANGES)) {
            final List<ConsumerRecord<String, GunDelta>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10)).until(() -> {
                changes.poll(Duration.ofMillis(50)).forEach(seen::add);
                return seen.size() >= DELTAS / 4;
            });
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(seen.size()).as("killed mid-stream, not after the end").isLessThan(DELTAS);

            app = startChild(args, Path.of("target", "eos-it-app-2.log"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
                changes.poll(Duration.ofMillis(100)).forEach(seen::add);
                return seen.size() >= DELTAS;
            });
            // anything extra (a duplicate) would be committed by now; give it a few more commit intervals
            final long quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < quietUntil) {
                changes.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            final Set<String> distinct = new HashSet<>();
            for (final ConsumerRecord<String, GunDelta> r : seen) {
                assertThat(r.value().getFields()).hasSize(1);
                distinct.add(r.key() + "#" + GunAvro.toCore(r.value().getFields().get(0).getValue()).toJson());
            }
            assertThat(distinct).as("every delta wins once (no lost change)").hasSize(DELTAS);
            assertThat(seen).as("no change twice (no duplicate)").hasSize(DELTAS);
            assertNodesTopicEndsAtTheLatestNodeOfEachSoul(stack, bootstrap);
        } finally {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        try (KafkaConsumer<String, Reject> rejects = consumer(stack, bootstrap, GunTopics.REJECTS)) {
            final List<Reject> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                rejects.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= MALFORMED;
            });
            rejects.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
            assertThat(seen).hasSize(MALFORMED).allSatisfy(r -> {
                assertThat(r.getReason()).isEqualTo("MALFORMED_RECORD");
                assertThat(new String(r.getRawValue().array(), StandardCharsets.UTF_8)).startsWith("not avro ");
                assertThat(r.getSourceTopic()).isEqualTo(GunTopics.DELTAS);
            });
        }
    }

    @Test
    void theRunningAppAnswersInteractiveQueriesWithTheMergedNode(final RegistryExtension.Stack stack) throws Exception {
        final String bootstrap = stack.broker().bootstrapServers();
        final Map<String, Object> settings = settings(List.of(
                "bootstrap.servers=" + bootstrap,
                "schema.registry.url=" + stack.registryUrl(),
                "application.id=query-it",
                "state.dir=" + dir.resolve("state-query"),
                "topics.partitions=2",
                "num.standby.replicas=0",
                "query.port=0",
                "streams.commit.interval.ms=100"));
        try (GunStreamsApp app = GunStreamsApp.start(settings, Duration.ofSeconds(60))) {
            final GunAvroSerde<GunDelta> serde = TopologyFixture.serde(GunDelta.class,
                    Map.of("schema.registry.url", stack.registryUrl()));
            final Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "acks", "all");
            try (KafkaProducer<String, GunDelta> producer =
                         new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
                final GunNode first = GunNode.builder("devices/d1").put("temp", 10, GunValue.of(21.5))
                        .put("name", 10, GunValue.of("kitchen")).build();
                final GunNode second = GunNode.builder("devices/d1").put("temp", 20, GunValue.of(22))
                        .put("name", 5, GunValue.of("older, loses")).build();
                producer.send(new ProducerRecord<>(GunTopics.DELTAS, "devices/d1",
                        GunAvro.toDelta(first, Deltas.origin("q"), Instant.now()))).get();
                producer.send(new ProducerRecord<>(GunTopics.DELTAS, "devices/d1",
                        GunAvro.toDelta(second, Deltas.origin("q"), Instant.now()))).get();
            }
            final GunQueryClient client = new GunQueryClient(app.queryUrl(), Duration.ofSeconds(5));
            final GunNode expected = GunNode.builder("devices/d1").put("temp", 20, GunValue.of(22))
                    .put("name", 10, GunValue.of("kitchen")).build();
            await().atMost(Duration.ofSeconds(60)).until(() -> client.node("devices/d1").filter(expected::equals).isPresent());
            assertThat(client.healthy()).isTrue();
            assertThat(client.node("devices/unknown")).isEmpty();
        }
    }

    /**
     * gun.nodes is written when the node store's cache flushes (each commit), so across the crash it must still end at
     * every soul's final node, never go back to an older one, and hold far fewer records than there were deltas.
     */
    private static void assertNodesTopicEndsAtTheLatestNodeOfEachSoul(final RegistryExtension.Stack stack,
                                                                       final String bootstrap) {
        final Map<String, Double> latest = new HashMap<>();
        final int[] records = {0};
        try (KafkaConsumer<String, io.gunstream.schemas.avro.GunNode> nodes = consumer(stack, bootstrap, GunTopics.NODES)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (final ConsumerRecord<String, io.gunstream.schemas.avro.GunNode> r : nodes.poll(Duration.ofMillis(100))) {
                    records[0]++;
                    final double n = ((GunValue.Num) GunAvro.toCore(r.value()).field("n").orElseThrow().value()).value();
                    assertThat(n).as("%s never goes back to an older node", r.key()).isGreaterThan(latest.getOrDefault(r.key(), 0.0));
                    latest.put(r.key(), n);
                }
                return latest.size() == SOULS && latest.entrySet().stream().allMatch(e -> e.getValue() == finalN(e.getKey()));
            });
        }
        assertThat(records[0]).as("one node per soul and commit, not one per delta").isBetween(SOULS, DELTAS / 2);
    }

    /** The last delta of {@code soul} in {@link #produceInput}: the largest i ≤ DELTAS with i % SOULS == soul's number. */
    private static double finalN(final String soul) {
        final int s = Integer.parseInt(soul.substring("it/s".length()));
        return s == 0 ? DELTAS : DELTAS - SOULS + s;
    }

    private static void assertCleanupPolicies(final String bootstrap) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap))) {
            final Map<String, String> expected = Map.of(GunTopics.NODES, "compact", GunTopics.CHANGES, "delete",
                    GunTopics.DELTAS, "delete", GunTopics.ENTROPY_STATS_1M, "delete");
            for (final Map.Entry<String, String> e : expected.entrySet()) {
                final org.apache.kafka.common.config.ConfigResource topic = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, e.getKey());
                final org.apache.kafka.clients.admin.Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get("cleanup.policy").value()).as(e.getKey()).isEqualTo(e.getValue());
            }
            final org.apache.kafka.common.config.ConfigResource deltas = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, GunTopics.DELTAS);
            assertThat(admin.describeConfigs(List.of(deltas)).all().get().get(deltas).get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
        }
    }

    /** DELTAS deltas over SOULS souls; delta i sets field n to i with state i, so every one of them wins. */
    private static void produceInput(final RegistryExtension.Stack stack, final String bootstrap) {
        final GunAvroSerde<GunDelta> serde = TopologyFixture.serde(GunDelta.class,
                Map.of("schema.registry.url", stack.registryUrl()));
        final Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "linger.ms", 5, "acks", "all");
        try (KafkaProducer<String, GunDelta> producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 1; i <= DELTAS; i++) {
                final String soul = "it/s" + (i % SOULS);
                final GunNode node = GunNode.builder(soul).put("n", i, GunValue.of(i)).build();
                producer.send(new ProducerRecord<>(GunTopics.DELTAS, soul,
                        GunAvro.toDelta(node, Deltas.origin("it"), Instant.now())));
                if (i % (DELTAS / MALFORMED) == 0) {
                    raw.send(new ProducerRecord<>(GunTopics.DELTAS, soul, ("not avro " + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
            raw.flush();
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, T> consumer(
            final RegistryExtension.Stack stack, final String bootstrap, final String topic) {
        final Class<?> type = topic.equals(GunTopics.REJECTS) ? Reject.class
                : topic.equals(GunTopics.NODES) ? io.gunstream.schemas.avro.GunNode.class : GunDelta.class;
        @SuppressWarnings("unchecked")
        final GunAvroSerde<T> serde = (GunAvroSerde<T>) TopologyFixture.serde(
                (Class<? extends org.apache.avro.specific.SpecificRecord>) type, Map.of("schema.registry.url", stack.registryUrl()));
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static Process startChild(final List<String> args, final Path log) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), GunStreamsApp.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Map<String, Object> settings(final List<String> args) {
        final Map<String, Object> settings = new HashMap<>();
        args.forEach(a -> settings.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
        return settings;
    }

    @SuppressWarnings("unused")
    private static String pathSeparator() {
        return File.pathSeparator;
    }
}
