package io.gunstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.stack.connect.ConnectRest;
import io.gunstream.stack.net.LoopbackPorts;
import io.gunstream.streams.query.GunQueryClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * "A second {@code up} on the same {@code --data-dir} finds all its state again": {@code bin/gunstream up --data-dir}
 * as a child process, a real gun.js client writes, SIGTERM, {@code up} again on the same dir and ports, and the
 * state is served again (query API, a new gun.js client, PostgreSQL) with nothing duplicated (rows, connectors).
 */
class GunstreamRestartIT {

    private static final List<String> CONNECTORS = List.of("gunstream-jdbc-sink-state", "gunstream-jdbc-sink-entropy-stats",
            "gunstream-jdbc-sink-logs", "gunstream-storj-sink-entropy", "gunstream-storj-sink-logs");
    private static final int LINES = 20;

    @Test
    void aSecondUpOnTheSameDataDirFindsItsStateAgain() throws Exception {
        // under target/: as root, PostgreSQL runs as nobody and must be able to enter every dir above its own
        final Path dataDir = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("restart-it-data");
        Utils.delete(dataDir.toFile());
        final int[] ports = UpProcess.freePorts(6);
        final List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        args.addAll(UpProcess.portFlags(ports));
        final String peer = "http://127.0.0.1:" + ports[0] + "/gun";
        final URI queryUrl = URI.create("http://127.0.0.1:" + ports[1]);
        final URI connectUrl = URI.create("http://127.0.0.1:" + ports[3] + "/");
        final String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + ports[4] + "/gunstream";
        final Map<String, Object> lines = new LinkedHashMap<>();
        for (int i = 0; i < LINES; i++) {
            lines.put(String.format("l%02d", i), "line " + i);
        }

        final long coldReadyMs;
        final long coldRssKb;
        try (UpProcess first = UpProcess.start("gunstream-restart-it-1", args)) {
            first.awaitReady(Duration.ofMinutes(3));
            coldReadyMs = first.timeToReadyMs();
            coldRssKb = first.totalRssKb();
            try (NodeGun writer = NodeGun.client("writer", peer)) {
                GunstreamUpIT.acked(writer, "device", List.of("devices/r1"), Map.of("name", "kept", "battery", 7));
                GunstreamUpIT.acked(writer, "logs", List.of("logs/r1"), lines);
            }
            // written through before the stop: merged, and in PostgreSQL (the sinks commit their offsets after that)
            try (Connection pg = DriverManager.getConnection(jdbcUrl, "gunstream", "gunstream")) {
                Awaitility.await("rows before the restart").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().untilAsserted(() -> {
                            assertThat(GunstreamUpIT.row(pg, "SELECT name, battery FROM gun.devices WHERE soul = 'devices/r1'"))
                                    .containsExactly("kept", 7.0);
                            assertThat(GunstreamUpIT.row(pg, "SELECT count(*) FROM gun.logs WHERE source = 'logs/r1'"))
                                    .containsExactly((long) LINES);
                        });
            }
            assertThat(first.stop(Duration.ofSeconds(90))).as("exit code of the first up").isZero();
        }
        for (final int port : ports) {
            Awaitility.await("port " + port + " free").atMost(Duration.ofSeconds(10)).until(() -> LoopbackPorts.isFree(port));
        }

        try (UpProcess second = UpProcess.start("gunstream-restart-it-2", args)) {
            second.awaitReady(Duration.ofMinutes(3));
            final long restartReadyMs = second.timeToReadyMs();
            final long restartRssKb = second.totalRssKb();
            // the connectors were found in Connect's config topic, not created again
            assertThat(second.stdout()).filteredOn(l -> l.contains("connectors RUNNING")).singleElement().asString()
                    .contains("gunstream-jdbc-sink-state (").doesNotContain("(created)");

            // the merged node, served by the query API without any new write
            final GunQueryClient query = new GunQueryClient(queryUrl, Duration.ofSeconds(20));
            final GunNode device = Awaitility.await("devices/r1 after the restart").atMost(Duration.ofSeconds(30))
                    .until(() -> query.node("devices/r1").orElse(null), n -> n != null);
            assertThat(device.fields().get("name").value()).isEqualTo(GunValue.of("kept"));
            assertThat(device.fields().get("battery").value()).isEqualTo(GunValue.of(7.0));

            // and to a gun.js client that never saw it (the relay answers its get from the restored state)
            try (NodeGun reader = NodeGun.client("reader", peer)) {
                reader.on("read", List.of("devices/r1"));
                Awaitility.await("devices/r1 in a new gun.js client").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                            final JsonNode data = reader.latest("on", "read", null);
                            assertThat(data).as("on(devices/r1)").isNotNull();
                            assertThat(data.path("name").asText()).isEqualTo("kept");
                            assertThat(data.path("battery").asInt()).isEqualTo(7);
                        });
            }

            // PostgreSQL: the rows are still there, once each (state upserted by soul, log lines keyed by offset)
            try (Connection pg = DriverManager.getConnection(jdbcUrl, "gunstream", "gunstream")) {
                assertThat(GunstreamUpIT.row(pg, "SELECT count(*), min(name), min(battery) FROM gun.devices WHERE soul = 'devices/r1'"))
                        .containsExactly(1L, "kept", 7.0);
                assertThat(GunstreamUpIT.row(pg, "SELECT count(*), count(DISTINCT key) FROM gun.logs WHERE source = 'logs/r1'"))
                        .containsExactly((long) LINES, (long) LINES);
            }

            // Connect: the same five connectors (their configs are in Kafka), none added, all running again
            final JsonNode status = new ConnectRest(connectUrl).get("connectors?expand=status");
            final List<String> names = new ArrayList<>();
            status.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrderElementsOf(CONNECTORS);
            CONNECTORS.forEach(name -> assertThat(status.at("/" + name + "/status/connector/state").asText()).as(name)
                    .isEqualTo("RUNNING"));

            assertThat(second.stop(Duration.ofSeconds(90))).as("exit code of the second up").isZero();
            System.out.println("gunstream up --data-dir: cold time to READY " + coldReadyMs + " ms, RSS at READY (JVM +"
                    + " PostgreSQL) " + coldRssKb / 1024 + " MiB; restart on the same dir: time to READY " + restartReadyMs
                    + " ms, RSS at READY " + restartRssKb / 1024 + " MiB");
        }
        Utils.delete(dataDir.toFile());
    }
}
