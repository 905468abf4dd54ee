package io.gunstream.relay;

import io.gunstream.relay.server.GunRelay;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.registry.EmbeddedSchemaRegistry;
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
 * test-only {@link EchoMerger} in place of the streams app. Relays are started on it with {@link #relay}.
 */
final class RelayStack implements AutoCloseable {

    EmbeddedKafkaBroker broker;
    final EmbeddedSchemaRegistry registry;
    private EchoMerger merger;
    private final List<GunRelay> relays = new ArrayList<>();

    RelayStack(final EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.registry = EmbeddedSchemaRegistry.start(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "kafkastore.topic.replication.factor", "1"));
    }

    static RelayStack start() {
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

    Map<String, Object> relaySettings(final Object... more) {
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

    /** Starts a relay (the first one also starts the merger, once the relay created the topics). */
    synchronized GunRelay relay(final Object... settings) {
        final GunRelay relay = GunRelay.start(relaySettings(settings));
        relays.add(relay);
        if (merger == null) {
            merger = new EchoMerger(broker.bootstrapServers(), registry.url().toString());
        }
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

    @Override
    public void close() {
        relays.forEach(GunRelay::close);
        if (merger != null) {
            merger.close();
        }
        registry.close();
        broker.close();
    }
}
