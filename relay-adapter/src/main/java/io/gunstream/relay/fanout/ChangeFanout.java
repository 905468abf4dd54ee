package io.gunstream.relay.fanout;

import io.gunstream.core.graph.GunNode;
import io.gunstream.relay.get.NodeCache;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.convert.GunAvro;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the changes topic (every partition, no consumer group: every relay needs every change) and the compacted
 * nodes topic, keeps the {@link NodeCache} current and hands each change to the relay for its subscribers.
 *
 * <p>Lifecycle: {@link #start()} records the end of the changes topic, then (if warm-up is on) reads the nodes
 * topic to its end into the cache, then consumes changes from the recorded position on a daemon thread, so no
 * change committed after the warm-up snapshot is missed (replaying one that the snapshot holds is harmless:
 * HAM drops equal fields). {@link #close()} stops the thread and closes the consumers; idempotent.
 */
public final class ChangeFanout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFanout.class);

    /** Receives each change after the cache took it. */
    public interface Listener {
        /**
         * @param fields the fields to push (only those new to the cache when the cache tracks the soul)
         * @param origin where the write came from, to skip echoing it to its writer
         */
        void onChange(GunNode fields, Origin origin);
    }

    private final Supplier<Consumer<String, GunDelta>> changesConsumer;
    private final Supplier<Consumer<String, io.gunstream.schemas.avro.GunNode>> nodesConsumer;
    private final String changesTopic;
    private final String nodesTopic;
    private final boolean warmup;
    private final NodeCache cache;
    private final Listener listener;
    private final Duration startTimeout;
    private volatile Consumer<String, GunDelta> consumer;
    private Thread thread;
    private volatile boolean running;

    public ChangeFanout(final Supplier<Consumer<String, GunDelta>> changesConsumer,
                        final Supplier<Consumer<String, io.gunstream.schemas.avro.GunNode>> nodesConsumer,
                        final String changesTopic, final String nodesTopic, final boolean warmup, final NodeCache cache,
                        final Listener listener, final Duration startTimeout) {
        this.changesConsumer = changesConsumer;
        this.nodesConsumer = nodesConsumer;
        this.changesTopic = changesTopic;
        this.nodesTopic = nodesTopic;
        this.warmup = warmup;
        this.cache = cache;
        this.listener = listener;
        this.startTimeout = startTimeout;
    }

    /** Warms the cache and starts following changes; throws if Kafka cannot be reached within the start timeout. */
    public synchronized void start() {
        consumer = changesConsumer.get();
        final List<TopicPartition> partitions = partitions(consumer, changesTopic);
        consumer.assign(partitions);
        final Map<TopicPartition, Long> from = consumer.endOffsets(partitions, startTimeout);
        if (warmup) {
            warm();
        }
        from.forEach(consumer::seek);
        running = true;
        thread = new Thread(this::run, "gun-relay-fanout");
        thread.setDaemon(true);
        thread.start();
    }

    private void warm() {
        final long started = System.nanoTime();
        try (Consumer<String, io.gunstream.schemas.avro.GunNode> nodes = nodesConsumer.get()) {
            final List<TopicPartition> partitions = partitions(nodes, nodesTopic);
            nodes.assign(partitions);
            nodes.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = new HashMap<>(nodes.endOffsets(partitions, startTimeout));
            end.values().removeIf(offset -> offset == 0);
            while (!end.isEmpty()) {
                final ConsumerRecords<String, io.gunstream.schemas.avro.GunNode> records = pollSkippingBad(nodes);
                for (final ConsumerRecord<String, io.gunstream.schemas.avro.GunNode> record : records) {
                    if (record.value() == null) {
                        cache.remove(record.key());
                    } else {
                        try {
                            cache.install(GunAvro.toCore(record.value()));
                        } catch (final RuntimeException e) {
                            LOG.warn("Skipping node topic=[{}] partition=[{}] offset=[{}]: {}", record.topic(),
                                    record.partition(), record.offset(), e.getMessage());
                        }
                    }
                }
                end.entrySet().removeIf(e -> nodes.position(e.getKey()) >= e.getValue());
            }
        }
        cache.markComplete();
        LOG.info("Relay cache warmed from {}: {} nodes in {} ms", nodesTopic, cache.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private void run() {
        try {
            while (running) {
                final ConsumerRecords<String, GunDelta> records;
                try {
                    records = pollSkippingBad(consumer);
                } catch (final WakeupException e) {
                    break;
                }
                for (final ConsumerRecord<String, GunDelta> record : records) {
                    if (record.value() == null) {
                        continue;
                    }
                    final GunNode change;
                    try {
                        change = GunAvro.toCore(record.value());
                    } catch (final RuntimeException e) {
                        LOG.warn("Dropping change topic=[{}] partition=[{}] offset=[{}]: {}", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    final Optional<GunNode> fresh = cache.apply(change);
                    final GunNode push = fresh.orElse(change);
                    if (!push.isEmpty()) {
                        listener.onChange(push, record.value().getOrigin());
                    }
                }
            }
        } catch (final RuntimeException e) {
            if (running) {
                LOG.error("Change fan-out stopped: {}", e.toString(), e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static <V> ConsumerRecords<String, V> pollSkippingBad(final Consumer<String, V> consumer) {
        while (true) {
            try {
                return consumer.poll(Duration.ofMillis(500));
            } catch (final RecordDeserializationException e) {
                LOG.warn("Skipping undecodable record topic=[{}] partition=[{}] offset=[{}]: {}", e.topicPartition().topic(),
                        e.topicPartition().partition(), e.offset(), e.getMessage());
                consumer.seek(e.topicPartition(), e.offset() + 1);
            }
        }
    }

    private List<TopicPartition> partitions(final Consumer<?, ?> c, final String topic) {
        final List<org.apache.kafka.common.PartitionInfo> infos = c.partitionsFor(topic, startTimeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic '" + topic + "' does not exist; create it or set topics.create=true");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
