package io.gunstream.stack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.stack.kafka.EmbeddedKafkaBroker;
import io.gunstream.stack.net.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedConnectWorkerIT {

    /** Set by failsafe to the plugin directory the build assembled (Debezium source + JDBC sink, connect-file). */
    private static final String PLUGINS_DIR_PROPERTY = "gunstream.connect.plugins.dir";

    private static EmbeddedKafkaBroker broker;
    private static Path pluginsDir;

    @BeforeAll
    static void startBroker() {
        final String dir = System.getProperty(PLUGINS_DIR_PROPERTY);
        assertThat(dir).as("system property " + PLUGINS_DIR_PROPERTY + " (set by the embedded-stack pom)").isNotBlank();
        pluginsDir = Path.of(dir);
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listsTheDebeziumAndFilePlugins() throws Exception {
        try (EmbeddedConnectWorker worker = worker("plugins-listing")) {
            assertThat(worker.restServerInJettyShutdownHook())
                    .as("Connect's shutdown hook alone stops its REST server (Jetty's hook racing it hung SIGTERM)")
                    .isFalse();
            final JsonNode plugins = new ConnectRest(worker.restUrl()).get("/connector-plugins");
            final List<String> classes = StreamSupport.stream(plugins.spliterator(), false)
                    .map(p -> p.get("class").asText()).toList();
            assertThat(classes).contains(
                    "io.debezium.connector.postgresql.PostgresConnector",
                    "io.debezium.connector.jdbc.JdbcSinkConnector",
                    "org.apache.kafka.connect.file.FileStreamSourceConnector",
                    "org.apache.kafka.connect.file.FileStreamSinkConnector");

            // Listing only reads manifests; validation instantiates each Debezium connector in its plugin class
            // loader on this Kafka version and runs its config checks (errors expected: nothing to connect to).
            for (String connector : List.of("PostgresConnector", "JdbcSinkConnector")) {
                final JsonNode validation = new ConnectRest(worker.restUrl()).put(
                        "/connector-plugins/" + connector + "/config/validate",
                        Map.of("connector.class", connector, "topics", "t", "tasks.max", "1"));
                assertThat(validation.get("name").asText()).as(connector).endsWith(connector);
                assertThat(validation.get("configs").size()).as(connector + " config keys").isGreaterThan(20);
            }
        }
    }

    @Test
    void fileSourceMovesLinesAndResumesFromStoredOffsetsAfterRestart(@TempDir final Path tmp) throws Exception {
        final Path input = tmp.resolve("input.txt");
        final List<String> firstLines = lines("first", 20);
        Files.write(input, firstLines, StandardCharsets.UTF_8);
        final String topic = "file-lines";
        broker.createTopic(topic, 1, Map.of());
        final Map<String, String> connector = Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1",
                "file", input.toString(),
                "topic", topic,
                "value.converter", "org.apache.kafka.connect.storage.StringConverter");

        try (EmbeddedConnectWorker worker = worker("file-resume")) {
            final ConnectRest rest = new ConnectRest(worker.restUrl());
            rest.put("/connectors/file-source/config", connector);
            awaitRunning(rest, "file-source");
            assertThat(readTopic(topic, firstLines.size())).containsExactlyElementsOf(firstLines);
        }

        final List<String> laterLines = lines("later", 5);
        Files.write(input, laterLines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (EmbeddedConnectWorker restarted = worker("file-resume")) {
            final ConnectRest rest = new ConnectRest(restarted.restUrl());
            awaitRunning(rest, "file-source");
            final List<String> expected = new ArrayList<>(firstLines);
            expected.addAll(laterLines);
            // Had the offsets been lost, the first lines would come again before the later ones.
            assertThat(readTopic(topic, expected.size())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void takenPortGivesAClearError() throws IOException {
        try (ServerSocket occupier = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            final int taken = occupier.getLocalPort();
            assertThatThrownBy(() -> EmbeddedConnectWorker.builder().kafka(broker).port(taken)
                    .pluginPath(pluginsDir).start())
                    .isInstanceOf(ConnectWorkerException.class)
                    .hasMessageContaining("port " + taken)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void missingPluginDirectoryGivesAClearError(@TempDir final Path tmp) {
        final Path missing = tmp.resolve("no-plugins-here");
        assertThatThrownBy(() -> EmbeddedConnectWorker.builder().kafka(broker).pluginPath(missing).start())
                .isInstanceOf(ConnectWorkerException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    private static EmbeddedConnectWorker worker(final String groupId) {
        final EmbeddedConnectWorker worker = EmbeddedConnectWorker.builder()
                .kafka(broker)
                .groupId(groupId)
                .pluginPath(pluginsDir)
                .config("offset.flush.interval.ms", "1000")
                .start();
        System.out.printf("FIGURE Connect worker start, group %s (Debezium + connect-file on plugin.path): %d ms%n",
                groupId, worker.startupTime().toMillis());
        return worker;
    }

    private static void awaitRunning(final ConnectRest rest, final String connector) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            final JsonNode status = rest.get("/connectors/" + connector + "/status");
            assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
            assertThat(status.get("tasks")).hasSize(1);
            assertThat(status.at("/tasks/0/state").asText()).isEqualTo("RUNNING");
        });
    }

    private static List<String> lines(final String prefix, final int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /** All values of the single-partition {@code topic} from the start, once at least {@code expected} arrived. */
    private static List<String> readTopic(final String topic, final int expected) {
        final Map<String, Object> config = new HashMap<>(broker.clientConfig());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
        }
        return values;
    }
}
