package io.gunstream.cli;

import io.gunstream.relay.gunjs.NodeGun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.stack.net.LoopbackPorts;
import io.gunstream.streams.query.GunQueryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The user's journey, end to end: {@code bin/gunstream up --ephemeral} from the built distribution as a child process,
 * real gun.js clients against its relay, state read back through the query API and the bucket, then SIGTERM.
 */
class GunstreamUpIT {

    private static final Pattern READY = Pattern.compile(
            "^READY relay=(\\S+) query=(\\S+) kafka=(\\S+) connect=(\\S+) postgres=(\\S+) s3=(\\S+)$");
    private static final int SAMPLES = 1000; // = LocalConnectors.S3_FLUSH_SIZE: one full object per topic

    @Test
    void upServesGunJsClientsArchivesToTheBucketAndStopsCleanlyOnSigterm() throws Exception {
        final int[] ports = UpProcess.freePorts(6);
        final int relayPort = ports[0], queryPort = ports[1], kafkaPort = ports[2], connectPort = ports[3], pgPort = ports[4], s3Port = ports[5];
        final List<String> args = new ArrayList<>(List.of("--ephemeral"));
        args.addAll(UpProcess.portFlags(ports));
        try (UpProcess up = UpProcess.start("gunstream-up-it", args)) {
            final List<String> stdout = up.stdout();
            // ---- READY, exactly as design.md writes it, with the ports we asked for
            final String readyLine = up.awaitReady(Duration.ofMinutes(3));
            final long timeToReadyMs = up.timeToReadyMs();
            final Matcher ready = READY.matcher(readyLine);
            assertThat(ready.matches()).as(readyLine).isTrue();
            assertThat(ready.group(1)).isEqualTo("ws://127.0.0.1:" + relayPort + "/gun");
            assertThat(ready.group(2)).isEqualTo("http://127.0.0.1:" + queryPort);
            assertThat(ready.group(3)).isEqualTo("127.0.0.1:" + kafkaPort);
            assertThat(ready.group(4)).isEqualTo("http://127.0.0.1:" + connectPort);
            assertThat(ready.group(5)).isEqualTo("jdbc:postgresql://127.0.0.1:" + pgPort + "/gunstream");
            assertThat(ready.group(6)).isEqualTo("http://127.0.0.1:" + s3Port);
            assertThat(stdout.stream().filter(l -> l.startsWith("READY"))).hasSize(1);
            // A clean first start prints nothing that reads like a failure on the console (stderr): Connect used to
            // log an ERROR per connector while it created the connector's dead-letter topic.
            assertThat(Files.readAllLines(Path.of("target", "gunstream-up-it.stderr.log")))
                    .as("console (stderr) up to READY").noneMatch(l -> l.contains(" ERROR "));
            assertThat(up.children()).as("PostgreSQL runs as a child process").isNotEmpty();
            final long rssAtReadyKb = up.totalRssKb();
            final long jvmRssAtReadyKb = up.jvmRssKb();

            // ---- real gun.js clients: device state, a profile, entropy samples, log lines; a second client subscribed
            final String peer = "http://127.0.0.1:" + relayPort + "/gun";
            final long workloadBegin = System.nanoTime();
            final Map<String, Object> samples = new LinkedHashMap<>();
            final Map<String, Object> lines = new LinkedHashMap<>();
            for (int i = 0; i < SAMPLES; i++) {
                samples.put(String.format("s%04d", i), 20.0 + i / 100.0);
                lines.put(String.format("l%04d", i), "boot step " + i + " ok");
            }
            try (NodeGun writer = NodeGun.client("writer", peer); NodeGun watcher = NodeGun.client("watcher", peer)) {
                acked(writer, "device", List.of("devices/d1"), Map.of("name", "thermostat", "online", true, "battery", 97));
                acked(writer, "profile", List.of("profiles/alice"), Map.of("name", "Alice", "email", "alice@example.com"));
                acked(writer, "entropy", List.of("devices/d1/entropy/t1"), samples);
                acked(writer, "logs", List.of("logs/d1"), lines);

                watcher.on("watch", List.of("devices/d1"));
                awaitField(watcher, "battery", 97);
                acked(writer, "battery", List.of("devices/d1"), Map.of("battery", 42));
                awaitField(watcher, "battery", 42); // pushed by the relay from gun.changes, not asked for again
            }

            // ---- merged state through the query API (what `gunstream query` reads)
            final GunQueryClient query = new GunQueryClient(URI.create(ready.group(2)), Duration.ofSeconds(20));
            final GunNode device = Awaitility.await("merged devices/d1").atMost(Duration.ofSeconds(30))
                    .until(() -> query.node("devices/d1").orElse(null),
                            n -> n != null && GunValue.of(42.0).equals(n.fields().get("battery").value()));
            assertThat(device.fields().get("name").value()).isEqualTo(GunValue.of("thermostat"));
            assertThat(device.fields().get("online").value()).isEqualTo(GunValue.of(true));
            final Optional<GunNode> profile = query.node("profiles/alice");
            assertThat(profile).hasValueSatisfying(p -> assertThat(p.fields().get("email").value())
                    .isEqualTo(GunValue.of("alice@example.com")));
            // entropy and logs are facts, never merged into realtime state
            assertThat(query.prefix("devices/", 100)).extracting(GunNode::soul).containsExactly("devices/d1");
            assertThat(query.node("logs/d1")).isEmpty();

            // ---- Avro objects in the bucket, read back and counted (flush.size = SAMPLES: one object per topic)
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(ready.group(6))).forcePathStyle(true)
                    .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("gunstream", "gunstream-secret"))).build()) {
                for (final String topic : List.of("gun.entropy", "gun.logs")) {
                    final List<GenericRecord> records = Awaitility.await("objects of " + topic).atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> readAll(s3, topic), r -> r.size() >= SAMPLES);
                    assertThat(records).hasSize(SAMPLES);
                    assertThat(records).extracting(r -> r.get("key").toString()).doesNotHaveDuplicates();
                    if (topic.equals("gun.entropy")) {
                        assertThat(records).allSatisfy(r -> assertThat(r.get("source").toString()).isEqualTo("devices/d1/entropy/t1"));
                        final Map<String, Object> archived = new LinkedHashMap<>();
                        records.forEach(r -> archived.put(r.get("key").toString(), r.get("numeric_value")));
                        assertThat(archived).isEqualTo(samples);
                    } else {
                        assertThat(records).allSatisfy(r -> assertThat(r.get("source").toString()).isEqualTo("logs/d1"));
                        assertThat(records).extracting(r -> r.get("key").toString()).containsExactlyInAnyOrderElementsOf(lines.keySet());
                    }
                }
            }
            // ---- rows in PostgreSQL (schema gun): state by the JDBC sink from gun.nodes, log lines from gun.logs
            try (Connection pg = DriverManager.getConnection(ready.group(5), "gunstream", "gunstream")) {
                Awaitility.await("gun.devices row").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().untilAsserted(() -> assertThat(row(pg,
                                "SELECT name, online, battery FROM gun.devices WHERE soul = 'devices/d1'"))
                                .containsExactly("thermostat", true, 42.0));
                Awaitility.await("gun.profiles row").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .untilAsserted(() -> assertThat(row(pg, "SELECT name, email FROM gun.profiles WHERE soul = 'profiles/alice'"))
                                .containsExactly("Alice", "alice@example.com"));
                Awaitility.await("gun.logs rows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().untilAsserted(() -> assertThat(row(pg,
                                "SELECT count(*), count(DISTINCT key) FROM gun.logs WHERE source = 'logs/d1'"))
                                .containsExactly((long) SAMPLES, (long) SAMPLES));
            }
            final long workloadMs = (System.nanoTime() - workloadBegin) / 1_000_000;
            final long rssAfterKb = up.totalRssKb();

            // ---- SIGTERM: exit code 0, every process gone, every port free
            final long stopBegin = System.nanoTime();
            final int exit = up.stop(Duration.ofSeconds(90));
            final long stopMs = (System.nanoTime() - stopBegin) / 1_000_000;
            assertThat(exit).as("exit code; output " + stdout).isZero();
            for (final int port : ports) {
                Awaitility.await("port " + port + " free").atMost(Duration.ofSeconds(10)).until(() -> LoopbackPorts.isFree(port));
            }
            // the reader thread may still be draining the pipe
            Awaitility.await("progress lines of the stop").atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stdout)
                    .anyMatch(l -> l.contains("SIGTERM: stopping")).anyMatch(l -> l.startsWith("[gunstream] stopped (")));

            report(timeToReadyMs, jvmRssAtReadyKb, rssAtReadyKb, rssAfterKb, workloadMs, stopMs);
        }
    }

    static void acked(final NodeGun gun, final String id, final List<String> path, final Object value) {
        final JsonNode ack = gun.putAcked(id, path, value, Duration.ofSeconds(30));
        assertThat(ack.path("err").isNull()).as("ack of %s: %s", id, ack).isTrue();
    }

    private static void awaitField(final NodeGun gun, final String key, final int expected) {
        Awaitility.await(key + " = " + expected + " pushed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    final JsonNode data = gun.latest("on", "watch", null);
                    return data != null && data.path(key).asInt(-1) == expected;
                });
    }

    static List<Object> row(final Connection pg, final String sql) throws SQLException {
        try (Statement statement = pg.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            final List<Object> values = new ArrayList<>();
            if (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    values.add(rows.getObject(i));
                }
            }
            return values;
        }
    }

    private static List<GenericRecord> readAll(final S3Client s3, final String topic) throws IOException {
        final List<GenericRecord> records = new ArrayList<>();
        for (final S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket("gunstream")
                .prefix(topic + "/").build()).contents()) {
            assertThat(object.key()).matches(Pattern.quote(topic) + "/dt=\\d{4}-\\d{2}-\\d{2}/hr=\\d{2}/"
                    + Pattern.quote(topic) + "\\+\\d+\\+\\d{20}\\.avro");
            final byte[] bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket("gunstream").key(object.key()).build())
                    .asByteArray();
            try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
                    new GenericDatumReader<>())) {
                reader.forEach(records::add);
            }
        }
        return records;
    }

    private static void report(final long readyMs, final long jvmRssKb, final long totalRssKb, final long afterKb,
                               final long workloadMs, final long stopMs) throws IOException {
        final String row = String.format("| %s | %d | %d | %d | %d | %d | %d |%n", Instant.now().toString().substring(0, 19),
                readyMs, jvmRssKb / 1024, totalRssKb / 1024, afterKb / 1024, workloadMs, stopMs);
        System.out.println("gunstream up: time to READY " + readyMs + " ms; RSS at READY: JVM " + jvmRssKb / 1024
                + " MiB, with PostgreSQL " + totalRssKb / 1024 + " MiB; after the workload " + afterKb / 1024
                + " MiB; workload " + workloadMs + " ms; SIGTERM to exit " + stopMs + " ms");
        final String file = System.getProperty("gunstream.benchmark.file");
        if (file != null) {
            final Path path = Path.of(file);
            if (!Files.exists(path)) {
                Files.writeString(path, "| run (UTC) | time to READY ms | JVM RSS at READY MiB | + PostgreSQL MiB | after workload MiB"
                        + " | workload ms | SIGTERM to exit ms |\n|---|---|---|---|---|---|---|\n");
            }
            Files.writeString(path, row, StandardOpenOption.APPEND);
        }
    }
}
