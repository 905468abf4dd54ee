package io.gunstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.stack.net.LoopbackPorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

class EmbeddedStackIT {

    private static final String PLUGINS_DIR_PROPERTY = "gunstream.connect.plugins.dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Kept\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"n\\\",\\\"type\\\":\\\"long\\\"}]}\"}";

    @TempDir
    Path tmp;

    @Test
    void wholeStackStartsEveryServiceAnswersAndCloseLeavesNothingBehind() throws Exception {
        final EmbeddedStack stack = EmbeddedStack.builder().connectPluginPath(pluginsDir()).start();
        final Map<String, Integer> ports;
        final long postgresPid;
        final Path dataDir = stack.dataDir();
        try {
            System.out.printf("FIGURE whole stack start (temporary data dir, this JVM): %d ms%n",
                    stack.startupTime().toMillis());
            assertThat(stack.components()).containsExactly(StackComponent.values());
            assertThat(stack.temporaryDataDir()).isTrue();
            assertThat(dataDir).isDirectory();
            ports = StackProcesses.ports(stack);
            postgresPid = StackProcesses.postgresPid(stack).orElseThrow();
            assertThat(ports).hasSize(6);

            try (Admin admin = StackProbe.admin(stack.kafka().bootstrapServers())) {
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }

            final HttpResponse<String> subjects = StackProbe.get(stack.schemaRegistry().url().resolve("/subjects"));
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(subjects.body()).isArray()).isTrue();

            try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(), EmbeddedStack.DEFAULT_PG_USER,
                    EmbeddedStack.DEFAULT_PG_PASSWORD); Statement s = c.createStatement();
                 ResultSet one = s.executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
                assertThat(one.getInt(1)).isEqualTo(1);
            }
            assertThat(stack.postgres().database()).isEqualTo("gunstream");

            assertThat(stack.s3().accessKey()).isEqualTo("gunstream");
            assertThat(stack.s3().secretKey()).isEqualTo("gunstream-secret");
            assertThat(stack.s3().region()).isEqualTo("us-east-1");
            try (S3Client s3 = StackProbe.s3(stack.s3())) {
                assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("gunstream");
            }

            final HttpResponse<String> plugins = StackProbe.get(stack.connect().restUrl().resolve("/connector-plugins"));
            assertThat(plugins.statusCode()).isEqualTo(200);
            assertThat(StreamSupport.stream(JSON.readTree(plugins.body()).spliterator(), false)
                    .map(p -> p.get("class").asText()))
                    .contains("io.debezium.connector.postgresql.PostgresConnector");

            assertThat(stack.addresses().keySet()).containsExactly(StackComponent.values());
            assertThat(stack.addresses().get(StackComponent.POSTGRES)).startsWith("jdbc:postgresql://127.0.0.1:");
        } finally {
            stack.close();
        }

        assertThat(StackProcesses.taken(ports)).as("ports still listened on after close").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !StackProcesses.running(postgresPid));
        assertThat(dataDir).doesNotExist();
        stack.close(); // idempotent
    }

    @Test
    void persistentDataDirKeepsTopicTableObjectAndSchemaAcrossRestart() throws Exception {
        // As root, PostgreSQL runs as "nobody", which must be able to enter every dir above its data dir.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path dataDir = tmp.resolve("stack");
        final int schemaId;

        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dataDir).withoutConnect().start()) {
            System.out.printf("FIGURE stack start without Connect, new data dir: %d ms%n", stack.startupTime().toMillis());
            assertThat(stack.temporaryDataDir()).isFalse();
            try (Admin admin = StackProbe.admin(stack.kafka().bootstrapServers())) {
                admin.createTopics(List.of(new NewTopic("kept.topic", 3, (short) 1))).all().get();
            }
            try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().user(),
                    stack.postgres().password()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id int PRIMARY KEY, label text)");
                s.execute("INSERT INTO kept VALUES (1, 'survives')");
            }
            try (S3Client s3 = StackProbe.s3(stack.s3())) {
                s3.putObject(b -> b.bucket("gunstream").key("kept/object.txt"), RequestBody.fromString("kept bytes"));
            }
            final HttpResponse<String> registered = StackProbe.post(
                    stack.schemaRegistry().url().resolve("/subjects/kept-value/versions"), SCHEMA);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            schemaId = JSON.readTree(registered.body()).get("id").asInt();
        }
        assertThat(dataDir).isDirectory();
        assertThat(dataDir.resolve("kafka")).isDirectory();
        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).isRegularFile();
        assertThat(dataDir.resolve("s3").resolve("gunstream")).isDirectory();

        try (EmbeddedStack stack = EmbeddedStack.builder().dataDir(dataDir).withoutConnect().start()) {
            System.out.printf("FIGURE stack restart without Connect, existing data dir: %d ms%n",
                    stack.startupTime().toMillis());
            try (Admin admin = StackProbe.admin(stack.kafka().bootstrapServers())) {
                assertThat(admin.describeTopics(List.of("kept.topic")).allTopicNames().get()
                        .get("kept.topic").partitions()).hasSize(3);
            }
            try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().user(),
                    stack.postgres().password()); Statement s = c.createStatement();
                 ResultSet row = s.executeQuery("SELECT label FROM kept WHERE id = 1")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("survives");
            }
            try (S3Client s3 = StackProbe.s3(stack.s3())) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket("gunstream").key("kept/object.txt")).asUtf8String())
                        .isEqualTo("kept bytes");
            }
            final HttpResponse<String> byId = StackProbe.get(stack.schemaRegistry().url().resolve("/schemas/ids/" + schemaId));
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(byId.body()).get("schema").asText()).contains("Kept");
            final HttpResponse<String> again = StackProbe.post(
                    stack.schemaRegistry().url().resolve("/subjects/kept-value/versions"), SCHEMA);
            final JsonNode answer = JSON.readTree(again.body());
            assertThat(answer.get("id").asInt()).as("same schema, same id after restart").isEqualTo(schemaId);
        }
        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).as("persistent dir kept").isRegularFile();
    }

    @Test
    void startFailureStopsWhatHadStartedAndNamesTheService() throws Exception {
        final int kafkaPort = LoopbackPorts.freePort();
        final int registryPort = LoopbackPorts.freePort();
        try (ServerSocket occupier = new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            final int taken = occupier.getLocalPort();
            assertThatThrownBy(() -> EmbeddedStack.builder().kafkaPort(kafkaPort).registryPort(registryPort)
                    .pgPort(taken).connectPluginPath(pluginsDir()).start())
                    .isInstanceOfSatisfying(EmbeddedStackException.class, e ->
                            assertThat(e.component()).contains(StackComponent.POSTGRES))
                    .hasMessageContaining("Embedded stack: PostgreSQL failed to start")
                    .hasMessageContaining("port " + taken)
                    .hasMessageContaining("stopped again: Kafka broker, schema registry")
                    .hasMessageContaining("pgPort(int)");
        }
        assertThat(StackProcesses.taken(Map.of("kafka", kafkaPort, "registry", registryPort)))
                .as("services started before the failure are stopped").isEmpty();
    }

    @Test
    void leftOutServicesAreNotStartedAndTheirAccessorsSaySo() {
        try (EmbeddedStack stack = EmbeddedStack.builder().withoutSchemaRegistry().withoutPostgres().withoutS3()
                .withoutConnect().start()) {
            assertThat(stack.components()).containsExactly(StackComponent.KAFKA);
            assertThat(StackProcesses.postgresPid(stack)).isEqualTo(Optional.empty());
            assertThatThrownBy(stack::s3).isInstanceOf(IllegalStateException.class).hasMessageContaining("S3 endpoint");
            assertThatThrownBy(stack::connect).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka Connect worker");
        }
    }

    static Path pluginsDir() {
        final String dir = System.getProperty(PLUGINS_DIR_PROPERTY);
        assertThat(dir).as("system property " + PLUGINS_DIR_PROPERTY + " (set by the embedded-stack pom)").isNotBlank();
        return Path.of(dir);
    }
}
