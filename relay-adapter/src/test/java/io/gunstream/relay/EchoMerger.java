package io.gunstream.relay;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.core.ham.MachineClock;
import io.gunstream.core.ham.NodeMerge;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * TEST-ONLY stand-in for the streams app (GunStreamsApp, module streams-topology) until it is merged into main:
 * consumes gun.deltas, HAM-merges into a map, produces the winning fields to gun.changes (origin kept) and the
 * merged node to gun.nodes. No exactly-once, no deferral of future states: just enough for the relay's tests.
 */
final class EchoMerger implements AutoCloseable {

    private final KafkaConsumer<String, GunDelta> consumer;
    private final KafkaProducer<String, Object> producer;
    private final Map<String, GunNode> state = new HashMap<>();
    private final MachineClock clock = MachineClock.system();
    private final Thread thread;
    private volatile boolean running = true;

    EchoMerger(final String bootstrap, final String registryUrl) {
        final Map<String, Object> registry = Map.of("schema.registry.url", registryUrl);
        final GunAvroSerde<GunDelta> deltas = GunAvroSerde.specific(GunDelta.class);
        deltas.configure(registry, false);
        final Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "echo-merger-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), deltas.deserializer());
        final GunAvroSerde<io.gunstream.schemas.avro.GunNode> nodes = GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class);
        nodes.configure(registry, false);
        final GunAvroSerde<GunDelta> changes = GunAvroSerde.specific(GunDelta.class);
        changes.configure(registry, false);
        final Map<String, Object> p = Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 0);
        producer = new KafkaProducer<>(p, new StringSerializer(), (topic, value) -> value instanceof GunDelta d
                ? changes.serializer().serialize(topic, d)
                : nodes.serializer().serialize(topic, (io.gunstream.schemas.avro.GunNode) value));
        consumer.subscribe(java.util.List.of("gun.deltas"));
        thread = new Thread(this::run, "echo-merger");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (final ConsumerRecord<String, GunDelta> record : consumer.poll(Duration.ofMillis(100))) {
                    final GunNode incoming = GunAvro.toCore(record.value());
                    final NodeMerge merge = HamMerge.merge(state.get(incoming.soul()), incoming, clock.now());
                    if (!merge.changed()) {
                        continue;
                    }
                    state.put(incoming.soul(), merge.merged());
                    producer.send(new ProducerRecord<>("gun.changes", incoming.soul(),
                            GunAvro.toDelta(merge.diff(), record.value().getOrigin(), record.value().getReceivedAt())));
                    producer.send(new ProducerRecord<>("gun.nodes", incoming.soul(), GunAvro.toAvro(merge.merged())));
                }
                producer.flush();
            }
        } catch (final WakeupException e) {
            // closing
        } finally {
            consumer.close();
            producer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
