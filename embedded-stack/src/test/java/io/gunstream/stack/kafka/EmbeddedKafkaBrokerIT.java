package io.gunstream.stack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gunstream.stack.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().start();
        System.out.printf("FIGURE broker start (temporary data dir): %d ms%n",
                broker.startupTime().toMillis());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createsTopicIdempotentlyAndMovesRecords() throws Exception {
        assertThat(broker.createTopic("plain", 3, Map.of("cleanup.policy", "compact"))).isTrue();
        assertThat(broker.createTopic("plain", 3, Map.of())).isFalse();

        try (Admin admin = Admin.create(broker.clientConfig())) {
            final TopicDescription description = admin.describeTopics(Set.of("plain")).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("plain");
            assertThat(description.partitions()).hasSize(3);
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "plain");
            assertThat(admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(readAll(broker, "plain", 10, "read_uncommitted"))
                .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        broker.createTopic("tx", 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted-1"));
            producer.send(new ProducerRecord<>("tx", "k", "aborted-2"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
            producer.commitTransaction();
        }
        // The aborted records are in the log (an uncommitted reader sees them), the committed reader skips them.
        assertThat(readAll(broker, "tx", 4, "read_uncommitted"))
                .containsExactly("aborted-1", "aborted-2", "committed-1", "committed-2");
        assertThat(readAll(broker, "tx", 2, "read_committed")).containsExactly("committed-1", "committed-2");
    }

    @Test
    void restartOnTheSameDataDirKeepsTopicsAndRecords(@TempDir final Path dataDir) throws Exception {
        final String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).start()) {
            clusterId = first.clusterId();
            assertThat(first.temporaryDataDir()).isFalse();
            first.createTopic("kept", 2, Map.of());
            try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("kept", "k" + i, "before-" + i)).get(30, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(dataDir.resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).start()) {
            System.out.printf("FIGURE broker restart on an existing data dir: %d ms%n", second.startupTime().toMillis());
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(second.createTopic("kept", 2, Map.of())).as("topic survived the restart").isFalse();
            try (KafkaProducer<String, String> producer = producer(second, Map.of())) {
                producer.send(new ProducerRecord<>("kept", "k", "after")).get(30, TimeUnit.SECONDS);
            }
            assertThat(readAll(second, "kept", 6, "read_committed")).containsExactlyInAnyOrder(
                    "before-0", "before-1", "before-2", "before-3", "before-4", "after");
        }
        assertThat(dataDir).as("a persistent data dir is kept on close").isDirectory();
    }

    @Test
    void temporaryDataDirIsDeletedOnCloseAndCloseIsIdempotent() {
        final EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.builder().start();
        final Path dir = temporary.dataDir();
        final int port = temporary.port();
        assertThat(dir.resolve("meta.properties")).exists();
        temporary.close();
        temporary.close();
        assertThat(dir).doesNotExist();
        assertThat(LoopbackPorts.isFree(port)).as("client port freed").isTrue();
        assertThat(LoopbackPorts.isFree(temporary.controllerPort())).as("controller port freed").isTrue();
    }

    @Test
    void takenPortGivesAClearError() throws IOException {
        try (ServerSocket occupier = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            final int taken = occupier.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(taken).start())
                    .isInstanceOf(KafkaBrokerException.class)
                    .hasMessageContaining("port " + taken)
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void unusableDataDirGivesAClearError(@TempDir final Path tmp) throws IOException {
        final Path aFile = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(aFile.resolve("logs")).start())
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining(aFile.resolve("logs").toString())
                .hasMessageContaining("cannot be created")
                .hasMessageContaining("writable directory");
    }

    @Test
    void managedSettingsCannotBeOverridden() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().config("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    private static KafkaProducer<String, String> producer(final Map<String, Object> extra) {
        return producer(broker, extra);
    }

    private static KafkaProducer<String, String> producer(final EmbeddedKafkaBroker target,
                                                          final Map<String, Object> extra) {
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads {@code topic} from the beginning until {@code expected} values arrived (or fails after 60 s). */
    static List<String> readAll(final EmbeddedKafkaBroker target, final String topic, final int expected,
                                final String isolationLevel) {
        final Map<String, Object> config = new HashMap<>(target.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
            // Anything beyond the expected values would show up here, e.g. an aborted record leaking through.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
