package io.gunstream.relay;

import io.gunstream.relay.server.GunRelay;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
import io.gunstream.streams.app.GunStreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The services a relay test runs against: an in-process KRaft broker, the embedded schema registry, and the
 * real streams app ({@link GunStreamsApp}: HAM merge to gun.changes and gun.nodes, query API). Relays are started
 * on it with {@link #relay}, pointed at the app's query API.
 */
public final class RelayStack implements AutoCloseable {

    EmbeddedKafkaBroker broker;
    final EmbeddedSchemaRegistry registry;
    private GunStreamsApp streams;
    private final Path stateDir;
    private final List<GunRelay> relays = new ArrayList<>();

    RelayStack(final EmbeddedKafkaBroker broker) {
        this.broker = broker;
        try {
            this.stateDir = java.nio.file.Files.createTempDirectory("relay-it-streams");
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "kafkastore.topic.replication.factor", "1"));
    }

    public static RelayStack start() {
        return new RelayStack(EmbeddedKafkaBroker.builder().start());
    }

    static RelayStack start(final int port, final int controllerPort, final Path dataDir) {
        return new RelayStack(EmbeddedKafkaBroker.builder().port(port).controllerPort(controllerPort).dataDir(dataDir).start());
    }

    /** Starts the broker again on the same ports and data dir (after {@code broker.close()}). */
    void restartBroker() {
        broker = EmbeddedKafkaBroker.builder().port(broker.port()).controllerPort(broker.controllerPort())
                .dataDir(broker.dataDir()).start();
    }

    public Map<String, Object> relaySettings(final Object... more) {
        final Map<String, Object> s = new HashMap<>();
        s.put("bootstrap.servers", broker.bootstrapServers());
        s.put("schema.registry.url", registry.url().toString());
        s.put("relay.port", 0);
        s.put("relay.host", "127.0.0.1");
        s.put("topics.partitions", 3);
        for (int i = 0; i < more.length; i += 2) {
            s.put((String) more[i], more[i + 1]);
        }
        return s;
    }

    /** Starts the streams app (once; it creates the topics) and returns its query API URL. */
    public synchronized java.net.URI startStreams() {
        if (streams == null) {
            final Map<String, Object> app = new HashMap<>();
            app.put("bootstrap.servers", broker.bootstrapServers());
            app.put("schema.registry.url", registry.url().toString());
            app.put("application.id", "relay-it-" + UUID.randomUUID());
            app.put("state.dir", stateDir.toString());
            app.put("topics.partitions", 3);
            app.put("num.standby.replicas", 0);
            app.put("query.port", 0);
            app.put("streams.commit.interval.ms", 50);
            streams = GunStreamsApp.start(app, Duration.ofSeconds(120));
        }
        return streams.queryUrl();
    }

    /** Starts a relay (the first one also starts the streams app, which creates the topics). */
    synchronized GunRelay relay(final Object... settings) {
        startStreams();
        final Object[] all = java.util.Arrays.copyOf(settings, settings.length + 2);
        all[settings.length] = "query.url";
        all[settings.length + 1] = streams.queryUrl().toString();
        final GunRelay relay = GunRelay.start(relaySettings(all));
        relays.add(relay);
        return relay;
    }

    static String peerUrl(final GunRelay relay) {
        return "http://127.0.0.1:" + relay.url().getPort() + "/gun";
    }

    /** Every record on gun.deltas so far. */
    List<ConsumerRecord<String, GunDelta>> deltas() {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of("schema.registry.url", registry.url().toString()), false);
        final Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        try (KafkaConsumer<String, GunDelta> consumer = new KafkaConsumer<>(c, new StringDeserializer(), serde.deserializer())) {
            final List<TopicPartition> parts = consumer.partitionsFor("gun.deltas").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            final List<ConsumerRecord<String, GunDelta>> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url().toString();
    }

    @Override
    public void close() {
        relays.forEach(GunRelay::close);
        if (streams != null) {
            streams.close();
        }
        registry.close();
        broker.close();
    }
}
