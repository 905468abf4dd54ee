package io.gunstream.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a one-partition compacted topic in Confluent's {@code _schemas} record format
 * (JSON keys {@code {"keytype":"SCHEMA"|"CONFIG",...}}). A reader thread applies every record to the
 * {@link RegistryState}; writes are produced with acks=all and return only once the reader has applied them, so a
 * request sees its own write.
 *
 * <p>Lifecycle: {@link #start()} blocks until the topic has been read to its end; {@link #close()} is idempotent.
 */
final class KafkaSchemaStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final SchemaRegistryConfig config;
    private final RegistryState state;
    private final ObjectMapper json;
    private final String topic;
    private final TopicPartition partition;
    private final String bootstrap;
    private final long timeoutMs;
    private final Object progress = new Object();
    private long appliedOffset;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread reader;
    private volatile boolean closing;

    KafkaSchemaStore(final SchemaRegistryConfig config, final RegistryState state, final ObjectMapper json) {
        this.config = config;
        this.state = state;
        this.json = json;
        this.topic = config.getString(SchemaRegistryConfig.TOPIC_CONFIG);
        this.partition = new TopicPartition(topic, 0);
        this.bootstrap = config.getString(SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.timeoutMs = config.getLong(SchemaRegistryConfig.TIMEOUT_MS_CONFIG);
    }

    void start() {
        final long deadline = System.nanoTime() + Duration.ofMillis(config.getLong(SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG)).toNanos();
        ensureTopic(deadline);
        consumer = new KafkaConsumer<>(consumerProps());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        final long end;
        try {
            end = consumer.endOffsets(List.of(partition), Duration.ofNanos(remaining(deadline))).get(partition);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        }
        producer = new KafkaProducer<>(producerProps());
        reader = new Thread(this::readLoop, "schema-registry-reader-" + topic);
        reader.setDaemon(true);
        reader.start();
        if (!awaitApplied(end, deadline)) {
            throw new SchemaRegistryException("Schema registry could not read topic '" + topic + "' to its end (offset "
                    + end + ") within " + SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG + "="
                    + config.getLong(SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG) + " ms: check Kafka at " + bootstrap);
        }
        log.debug("Read {} records of '{}'", end, topic);
    }

    /** Writes one subject version and returns once this registry has read it back. */
    void putVersion(final RegistryState.SubjectVersion v) {
        final ObjectNode key = json.createObjectNode()
                .put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
        final ObjectNode value = json.createObjectNode()
                .put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema()).put("deleted", false);
        write(key, value, "schema " + v.subject() + "/" + v.version());
    }

    /** Writes a compatibility level for a subject (or the global one when {@code subject} is null); null level clears it. */
    void putLevel(final String subject, final CompatibilityLevel level) {
        final ObjectNode key = json.createObjectNode().put("keytype", "CONFIG").put("subject", subject).put("magic", 0);
        final ObjectNode value = level == null ? null : json.createObjectNode().put("compatibilityLevel", level.name());
        write(key, value, "config " + (subject == null ? "(global)" : subject));
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reader == null && consumer != null) {
            consumer.close(Duration.ZERO);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void write(final JsonNode key, final JsonNode value, final String what) {
        final long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        final RecordMetadata md;
        try {
            md = producer.send(new ProducerRecord<>(topic, 0, json.writeValueAsBytes(key),
                    value == null ? null : json.writeValueAsBytes(value))).get(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw RegistryError.storeTimeout("Writing " + what + " to topic '" + topic + "' was not acknowledged within "
                    + timeoutMs + " ms; is Kafka at " + bootstrap + " up?", e);
        } catch (ExecutionException e) {
            throw RegistryError.storeError("Writing " + what + " to topic '" + topic + "' failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeError("Interrupted while writing " + what, e);
        } catch (IOException e) {
            throw RegistryError.storeError("Could not encode " + what, e);
        }
        if (!awaitApplied(md.offset() + 1, deadline)) {
            throw RegistryError.storeTimeout("Wrote " + what + " at offset " + md.offset() + " of '" + topic
                    + "' but did not read it back within " + timeoutMs + " ms", null);
        }
    }

    private boolean awaitApplied(final long offset, final long deadline) {
        synchronized (progress) {
            while (appliedOffset < offset) {
                final long left = remaining(deadline);
                if (left <= 0 || closing) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, Duration.ofNanos(left).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void readLoop() {
        try {
            while (!closing) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    final long position = consumer.position(partition);
                    synchronized (progress) {
                        appliedOffset = position;
                        progress.notifyAll();
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    if (!closing) {
                        log.warn("Reading schema topic '{}' from {} failed; retrying", topic, bootstrap, e);
                    }
                }
            }
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        try {
            final JsonNode key = json.readTree(record.key());
            final String keytype = key.path("keytype").asText("");
            final JsonNode value = record.value() == null ? null : json.readTree(record.value());
            switch (keytype) {
                case "SCHEMA" -> applySchema(key, value);
                case "CONFIG" -> state.putLevel(key.path("subject").isTextual() ? key.get("subject").asText() : null,
                        value == null ? null : CompatibilityLevel.parse(value.path("compatibilityLevel").asText(null)));
                case "NOOP" -> { }
                default -> log.debug("Ignoring '{}' record at {}-{} offset {}", keytype, topic, 0, record.offset());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping unreadable record at topic={} partition=0 offset={}: {}", topic, record.offset(), e.toString());
        }
    }

    private void applySchema(final JsonNode key, final JsonNode value) {
        final String subject = key.path("subject").asText();
        final int version = key.path("version").asInt();
        if (value == null) {
            state.removeVersion(subject, version);
            return;
        }
        final int id = value.path("id").asInt();
        final String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            log.warn("Subject {} version {} (id {}) has schema type {}; only AVRO is served", subject, version, id, type);
            state.reserveId(id);
            return;
        }
        state.putVersion(new RegistryState.SubjectVersion(subject, version, id, value.path("schema").asText()),
                value.path("deleted").asBoolean(false));
    }

    private void ensureTopic(final long deadline) {
        final Map<String, Object> props = clientProps("admin");
        final Admin admin = Admin.create(props);
        {
            final int brokers;
            try {
                brokers = admin.describeCluster().nodes().get(remaining(deadline), java.util.concurrent.TimeUnit.NANOSECONDS).size();
                TopicDescription existing = null;
                try {
                    existing = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(remaining(deadline), java.util.concurrent.TimeUnit.NANOSECONDS).get(topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
                if (existing == null) {
                    createTopic(admin, brokers, deadline);
                } else {
                    checkTopic(admin, existing, deadline);
                }
            } catch (TimeoutException e) {
                throw unreachable(e);
            } catch (ExecutionException e) {
                throw new SchemaRegistryException("Schema registry could not prepare topic '" + topic + "' on Kafka at "
                        + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while preparing topic '" + topic + "'", e);
            } finally {
                admin.close(Duration.ZERO);
            }
        }
    }

    private void createTopic(final Admin admin, final int brokers, final long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        final short wanted = config.getShort(SchemaRegistryConfig.TOPIC_REPLICATION_FACTOR_CONFIG);
        final short replication = (short) Math.max(1, Math.min(wanted, brokers));
        if (replication < wanted) {
            log.info("Creating '{}' with replication factor {} instead of {}: only {} broker(s) are live", topic,
                    replication, wanted, brokers);
        }
        final NewTopic newTopic = new NewTopic(topic, 1, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(remaining(deadline), java.util.concurrent.TimeUnit.NANOSECONDS);
            log.info("Created schema topic '{}' (compacted, 1 partition, replication factor {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void checkTopic(final Admin admin, final TopicDescription existing, final long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.partitions().size() != 1) {
            throw new SchemaRegistryException("Schema topic '" + topic + "' has " + existing.partitions().size()
                    + " partitions; it must have exactly 1 so ids and versions are read in write order. "
                    + "Delete it or point " + SchemaRegistryConfig.TOPIC_CONFIG + " at another topic");
        }
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                .get(remaining(deadline), java.util.concurrent.TimeUnit.NANOSECONDS).get(resource);
        final String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
            log.warn("Schema topic '{}' has cleanup.policy={}, not compact: old schemas may be deleted by retention",
                    topic, policy);
        }
    }

    private SchemaRegistryException unreachable(final Exception cause) {
        return new SchemaRegistryException("Schema registry could not reach Kafka at " + bootstrap + " within "
                + SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG + "=" + config.getLong(SchemaRegistryConfig.INIT_TIMEOUT_MS_CONFIG)
                + " ms: start Kafka first or fix " + SchemaRegistryConfig.BOOTSTRAP_SERVERS_CONFIG, cause);
    }

    private Map<String, Object> clientProps(final String role) {
        final Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "gunstream-schema-registry-" + role);
        props.putAll(config.clientOverrides());
        return props;
    }

    private Map<String, Object> consumerProps() {
        final Map<String, Object> props = clientProps("reader");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private Map<String, Object> producerProps() {
        final Map<String, Object> props = clientProps("writer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A schema must be on every in-sync replica before its id is handed out, or a lost write could reuse the id.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        return props;
    }

    private static long remaining(final long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
