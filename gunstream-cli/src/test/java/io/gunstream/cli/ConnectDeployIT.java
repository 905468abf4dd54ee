package io.gunstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.stack.EmbeddedStack;
import io.gunstream.stack.connect.ConnectRest;
import io.gunstream.stack.connect.EmbeddedConnectWorker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/gunstream connect deploy} from the built distribution, as a child process like a user runs it, against
 * a real Connect worker (the distribution's plugins/ on its plugin.path) with a real broker, schema registry,
 * PostgreSQL and S3 endpoint for the connectors to run against.
 */
class ConnectDeployIT {

    private static final List<String> DEFAULT_CONNECTORS = List.of("gunstream-jdbc-sink-state",
            "gunstream-jdbc-sink-entropy-stats", "gunstream-jdbc-sink-logs", "gunstream-storj-sink-entropy",
            "gunstream-storj-sink-logs");

    private static Path dist;
    private static EmbeddedStack stack;
    private static ConnectRest rest;

    @TempDir
    static Path dir;

    private record Run(int exit, String out, String err, long millis) {
    }

    @BeforeAll
    static void start() throws Exception {
        dist = Path.of(System.getProperty("gunstream.dist.dir", "target/gunstream-dist"));
        assertThat(dist.resolve("bin/gunstream")).as("the distribution is built in package, before this test").isExecutable();
        stack = EmbeddedStack.builder().connectPluginPath(dist.resolve("plugins")).start();
        rest = new ConnectRest(stack.connect().restUrl());
        // the JDBC sinks create tables, not schemas (what `up` does first)
        try (Connection pg = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().user(),
                stack.postgres().password()); Statement statement = pg.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS gun");
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The values a user would put in a properties file for this cluster (placeholders of the bundled files). */
    private static Path valuesFile() throws IOException {
        final Properties values = new Properties();
        values.setProperty("PG_HOST", stack.postgres().host());
        values.setProperty("PG_PORT", Integer.toString(stack.postgres().port()));
        values.setProperty("PG_PASSWORD", stack.postgres().password());
        values.setProperty("SCHEMA_REGISTRY_URL", stack.schemaRegistry().url().toString());
        values.setProperty("DLQ_REPLICATION_FACTOR", "1");
        values.setProperty("S3_ENDPOINT", stack.s3().endpoint().toString());
        values.setProperty("S3_ACCESS_KEY", stack.s3().accessKey());
        values.setProperty("S3_SECRET_KEY", stack.s3().secretKey());
        final Path file = dir.resolve("connect.properties");
        try (var out = Files.newBufferedWriter(file)) {
            values.store(out, "gunstream connect deploy values for ConnectDeployIT");
        }
        return file;
    }

    @Test
    void deploysTheDefaultConnectorsRunningAndARerunChangesNothing() throws Exception {
        final String url = stack.connect().restUrl().toString();
        final Run first = gunstream("connect", "deploy", "--connect-url", url, "--config", valuesFile().toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).isEmpty();
        // progress while validating, creating and waiting, then one summary line
        assertThat(first.out()).contains("Kafka Connect 4.", "validating gunstream-jdbc-sink-state",
                "gunstream-jdbc-sink-state: created", "gunstream-storj-sink-logs: connector RUNNING, tasks 1/1 RUNNING",
                "5 connectors RUNNING at " + url + ": 5 created");
        final JsonNode status = rest.get("connectors?expand=status");
        assertThat(fieldNames(status)).containsExactlyInAnyOrderElementsOf(DEFAULT_CONNECTORS);
        for (final String name : DEFAULT_CONNECTORS) {
            assertThat(status.at("/" + name + "/status/connector/state").asText()).as(name).isEqualTo("RUNNING");
            assertThat(status.at("/" + name + "/status/tasks/0/state").asText()).as(name).isEqualTo("RUNNING");
        }
        final long configRecords = configTopicEnd();

        final Run again = gunstream("connect", "deploy", "--connect-url", url, "--config", valuesFile().toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("gunstream-jdbc-sink-state: unchanged", "5 connectors RUNNING at " + url + ": 5 unchanged")
                .doesNotContain(": created", ": updated");
        // nothing was written to the worker's config topic, so Connect restarted nothing
        assertThat(configTopicEnd()).isEqualTo(configRecords);
        assertThat(fieldNames(rest.get("connectors?expand=status"))).containsExactlyInAnyOrderElementsOf(DEFAULT_CONNECTORS);
    }

    @Test
    void anInvalidSettingFailsWithConnectsOwnMessageAndDeploysNothing() throws Exception {
        final Run invalid = gunstream("connect", "deploy", "--connect-url", stack.connect().restUrl().toString(),
                "--config", valuesFile().toString(), "-D", "S3_FLUSH_SIZE=0", "-D", "S3_ENDPOINT=ftp://storj.example",
                "storj-sink-entropy");
        assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
        final String error = invalid.err().strip();
        assertThat(error).doesNotContain("\n")
                .startsWith("gunstream connect deploy: connector gunstream-storj-sink-entropy")
                // the Storj sink's own validation messages, and where the bad values came from
                .contains("flush.size", "at least 1", "s3.endpoint", "nothing was deployed", "S3_FLUSH_SIZE", "S3_ENDPOINT");
        final JsonNode connectors = rest.get("connectors?expand=info");
        if (connectors.has("gunstream-storj-sink-entropy")) {
            // deployed by the other test: still with its good values
            assertThat(connectors.at("/gunstream-storj-sink-entropy/info/config/flush.size").asText()).isNotEqualTo("0");
        }
    }

    @Test
    void anUnreachableConnectFailsFastNamingTheUrlWithAHint() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final Run unreachable = gunstream("connect", "deploy", "--connect-url", "http://127.0.0.1:" + port,
                "--config", valuesFile().toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err().strip()).doesNotContain("\n")
                .startsWith("gunstream connect deploy: Kafka Connect at http://127.0.0.1:" + port + " cannot be reached")
                .contains("--connect-url");
        System.out.println("connect deploy against an unreachable URL ended after " + unreachable.millis() + " ms");
    }

    private static Run gunstream(final String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(dist.resolve("bin/gunstream").toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(dir, "out", ".log");
        final Path err = Files.createTempFile(dir, "err", ".log");
        final long begin = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("gunstream %s ends", String.join(" ", args)).isTrue();
        final Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - begin) / 1_000_000);
        System.out.println("gunstream " + String.join(" ", args) + " -> " + run.exit() + " in " + run.millis() + " ms\n"
                + run.out() + run.err());
        return run;
    }

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long configTopicEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            final TopicPartition partition = new TopicPartition(EmbeddedConnectWorker.DEFAULT_GROUP_ID + "-configs", 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
    }
}
