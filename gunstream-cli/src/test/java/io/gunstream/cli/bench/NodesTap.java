package io.gunstream.cli.bench;

import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.schemas.topic.GunTopics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches {@code gun.nodes} with one isolation level and stamps when each node version (soul, {@code t}) becomes
 * readable there: splits the end-to-end latency into "merged by streams" and "written by the sink". Starts at the end of
 * the topic; {@link #close} stops the polling thread.
 */
final class NodesTap implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final GunAvroSerde<GunNode> serde = GunAvroSerde.specific(GunNode.class);
    private final Map<String, Long> seenUs = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    NodesTap(final String bootstrap, final String registryUrl, final String isolationLevel) {
        serde.configure(Map.of(GunAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl), false);
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-tap-" + isolationLevel);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(GunTopics.NODES, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "bench-tap-" + isolationLevel);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    if (record.value() == null) {
                        continue;
                    }
                    final GunNode node = serde.deserializer().deserialize(record.topic(), record.value());
                    for (final GunField field : node.getFields()) {
                        if (field.getKey().equals("t") && field.getValue().getValue() instanceof Double t) {
                            seenUs.putIfAbsent(node.getSoul() + "@" + t.longValue(), now);
                        }
                    }
                }
            }
        } catch (final WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** When (soul, t) became readable, epoch µs, or null. */
    Long seenUs(final String soul, final long t) {
        return seenUs.get(soul + "@" + t);
    }

    void clear() {
        seenUs.clear();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(10_000);
        serde.close();
    }
}
