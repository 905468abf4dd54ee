package io.gunstream.stack.testcontainers;

import io.gunstream.stack.kafka.KafkaService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A one-node KRaft Kafka cluster from the Apache Kafka Docker image, with the same one-broker settings as the
 * embedded broker (replication factors 1, so transactions and consumer groups work).
 *
 * <p>Lifecycle: {@link #start()} starts the container and returns once the broker is up; {@link #close()} removes it
 * with its data; it is idempotent.
 */
public final class TestcontainersKafka implements KafkaService {

    /** System property naming another image, e.g. {@code apache/kafka-native:4.3.1}. */
    public static final String IMAGE_PROPERTY = "gunstream.stack.kafka.image";
    /** The reactor's Kafka version, so both backends run the same broker code. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.3.1";

    private static final Logger log = LoggerFactory.getLogger(TestcontainersKafka.class);

    private final KafkaContainer container;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestcontainersKafka(final KafkaContainer container, final Duration startupTime) {
        this.container = container;
        this.startupTime = startupTime;
    }

    /** Starts the image named by {@value #IMAGE_PROPERTY}, default {@value #DEFAULT_IMAGE}. */
    public static TestcontainersKafka start() {
        return start(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    }

    public static TestcontainersKafka start(final String image) {
        // Testcontainers already sets replication factor 1 for offsets and the transaction log; these match the rest
        // of the embedded broker's one-node settings.
        final KafkaContainer container = new KafkaContainer(image)
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        final TestcontainersKafka kafka = new TestcontainersKafka(container,
                Containers.start(container, image, IMAGE_PROPERTY));
        log.info("Kafka broker ready at {} (container {}, image {}; ready in {} ms)", kafka.bootstrapServers(),
                container.getContainerId(), image, kafka.startupTime.toMillis());
        return kafka;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            container.stop();
            log.info("Kafka container stopped");
        }
    }
}
