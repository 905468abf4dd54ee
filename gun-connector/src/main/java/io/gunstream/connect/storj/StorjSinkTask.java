package io.gunstream.connect.storj;

import io.gunstream.connect.Version;
import io.gunstream.schemas.registry.ConfluentRegistryClient;
import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records of its assigned partitions as Avro container objects, one {@link TopicPartitionWriter} per partition,
 * and reports as committable only offsets whose records are in uploaded objects.
 *
 * <p>Lifecycle (Connect's): {@link #start} parses the settings with {@link StorjSinkConfig#CONFIG_DEF} and opens the S3
 * and registry clients → {@link #open} per assignment → {@link #put} / {@link #preCommit} → {@link #close} on
 * revocation (buffered records are dropped and replayed by the next owner) → {@link #stop} releases the clients.
 * A failed upload throws {@link RetriableException} after asking Connect to back off; after {@code s3.max.retries}
 * consecutive failures the task fails with a {@link ConnectException} naming endpoint, bucket and key. Bad records go
 * to the errant-record reporter (DLQ); without one, the task fails on the first.
 */
public class StorjSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(StorjSinkTask.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final Function<StorjSinkConfig, ObjectStore> storeFactory;
    private final LongSupplier clock;
    private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();

    private StorjSinkConfig config;
    private ObjectStore store;
    private SchemaRegistry registry;
    private FramedAvroDecoder decoder;
    private Partitioner partitioner;
    private ErrantRecordReporter reporter;
    private int consecutiveFailures;

    public StorjSinkTask() {
        this(S3ObjectStore::create, System::currentTimeMillis);
    }

    /** Visible for testing: the object store and the wall clock (for rotate.schedule.interval.ms) come in from outside. */
    StorjSinkTask(final Function<StorjSinkConfig, ObjectStore> storeFactory, final LongSupplier clock) {
        this.storeFactory = storeFactory;
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new StorjSinkConfig(props);
        partitioner = Partitioner.of(config);
        registry = new ConfluentRegistryClient(new GunAvroSerdeConfig(config.registrySettings()).registryClientSettings());
        decoder = new FramedAvroDecoder(registry, config.registrySettings());
        store = storeFactory.apply(config);
        reporter = context == null ? null : context.errantRecordReporter();
        log.info("Storj sink task started: {} , prefix '{}', partitioner {}, {}", store.describe(),
                config.getString(StorjSinkConfig.PREFIX_CONFIG), config.partitioner().wireValue(), config.rotationPolicy());
    }

    @Override
    public void open(final Collection<TopicPartition> partitions) {
        partitions.forEach(this::writer);
    }

    @Override
    public void put(final Collection<SinkRecord> records) {
        try {
            final long now = clock.getAsLong();
            for (TopicPartitionWriter writer : writers.values()) {
                writer.uploadPending();
                writer.rotateIfDue(now);
            }
            for (SinkRecord record : records) {
                final TopicPartitionWriter writer =
                        writer(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()));
                if (writer.isNew(record.originalKafkaOffset())) {
                    take(writer, record, now);
                }
            }
            consecutiveFailures = 0;
        } catch (ObjectStoreException e) {
            throw retryOrFail(e);
        }
    }

    private void take(final TopicPartitionWriter writer, final SinkRecord record, final long now) {
        final FramedAvroDecoder.Decoded value;
        final String path;
        try {
            if (record.value() == null) {
                if (config.nullValues() == NullValueBehavior.IGNORE) {
                    writer.skip(record.originalKafkaOffset());
                    return;
                }
                throw new BadRecordException("tombstone at " + coordinates(record) + " and "
                        + StorjSinkConfig.NULL_VALUES_CONFIG + "=fail");
            }
            if (!(record.value() instanceof byte[] frame)) {
                throw new ConnectException("value at " + coordinates(record) + " is a "
                        + record.value().getClass().getName() + ", not bytes: set value.converter="
                        + "org.apache.kafka.connect.converters.ByteArrayConverter on the Storj sink");
            }
            value = decoder.decode(record.topic(), frame);
            path = partitioner.path(record, value.value());
        } catch (BadRecordException e) {
            if (reporter == null) {
                throw new ConnectException("bad record at " + coordinates(record) + ": " + e.getMessage()
                        + " (set errors.tolerance=all and errors.deadletterqueue.topic.name to skip such records)", e);
            }
            log.warn("Bad record at {} sent to the errant-record reporter: {}", coordinates(record), e.getMessage());
            reporter.report(record, e);
            writer.skip(record.originalKafkaOffset());
            return;
        }
        writer.write(record, value, path, now);
    }

    private RuntimeException retryOrFail(final ObjectStoreException e) {
        consecutiveFailures++;
        final int maxRetries = config.getInt(StorjSinkConfig.MAX_RETRIES_CONFIG);
        if (consecutiveFailures > maxRetries) {
            return new ConnectException("giving up after " + consecutiveFailures + " consecutive failed uploads ("
                    + StorjSinkConfig.MAX_RETRIES_CONFIG + "=" + maxRetries + "): " + e.getMessage(), e);
        }
        final long base = config.getLong(StorjSinkConfig.RETRY_BACKOFF_MS_CONFIG);
        final long backoff = Math.min(MAX_BACKOFF_MS, base << Math.min(consecutiveFailures - 1, 16));
        if (context != null) {
            context.timeout(backoff);
        }
        log.warn("Upload failed (attempt {} of {}), retrying in {} ms: {}", consecutiveFailures, maxRetries + 1,
                backoff, e.getMessage());
        return new RetriableException(e.getMessage(), e);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(final Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        final long now = clock.getAsLong();
        final Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (TopicPartitionWriter writer : writers.values()) {
            try {
                writer.uploadPending();
                writer.rotateIfDue(now);
            } catch (ObjectStoreException e) {
                // put() retries and counts failures; here we only report what is durable.
                log.warn("Upload during offset commit failed; offsets stay at the last uploaded object: {}", e.getMessage());
            }
            final long offset = writer.committableOffset();
            if (offset >= 0) {
                committable.put(writer.partition(), new OffsetAndMetadata(offset));
            }
        }
        return committable;
    }

    @Override
    public void close(final Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            final TopicPartitionWriter writer = writers.remove(partition);
            if (writer != null && writer.bufferedRecords() > 0) {
                log.info("Partition {} revoked with {} records not yet uploaded; its next owner replays them",
                        partition, writer.bufferedRecords());
                writer.discard();
            }
        }
    }

    @Override
    public void stop() {
        writers.values().forEach(TopicPartitionWriter::discard);
        writers.clear();
        if (store != null) {
            store.close();
            store = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    private TopicPartitionWriter writer(final TopicPartition partition) {
        return writers.computeIfAbsent(partition, p -> new TopicPartitionWriter(p,
                config.getString(StorjSinkConfig.PREFIX_CONFIG), config.rotationPolicy(), store));
    }

    private static String coordinates(final SinkRecord record) {
        return record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
    }
}
