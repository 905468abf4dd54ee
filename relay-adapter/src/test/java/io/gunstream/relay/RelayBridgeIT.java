package io.gunstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.stack.net.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bridge mode against a real node gun.js relay: writes on either side reach clients of the other, without loops. */
class RelayBridgeIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static RelayStack stack;

    @BeforeAll
    static void start() {
        stack = RelayStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static List<GunDelta> deltasOf(final String soul) {
        final List<GunDelta> out = new ArrayList<>();
        for (final ConsumerRecord<String, GunDelta> r : stack.deltas()) {
            if (soul.equals(r.key())) {
                out.add(r.value());
            }
        }
        return out;
    }

    @Test
    void writesOnEitherSideReachTheOtherAndNothingLoops(@TempDir final Path dir) {
        final int hubPort = LoopbackPorts.freePort();
        try (NodeGun hub = NodeGun.relay(hubPort, dir.resolve("radata"))) {
            final String hubUrl = "http://127.0.0.1:" + hubPort + "/gun";
            final GunRelay relay = stack.relay("relay.id", "relay-br", "bridge.peers", "ws://127.0.0.1:" + hubPort + "/gun",
                    "bridge.retry.ms", 200);
            await().atMost(T).until(() -> relay.bridgesConnected() == 1);
            try (NodeGun onHub = NodeGun.client("on-hub", hubUrl);
                 NodeGun onOurs = NodeGun.client("on-ours", RelayStack.peerUrl(relay))) {
                // gun.js opens its peer socket with its first message, so there is no 'hi' to wait for here
                // hub → Kafka → our relay's client
                onOurs.on("fromHub", List.of("br-fromhub"));
                onHub.put("h1", List.of("br-fromhub"), Map.of("v", "hub", "n", 1));
                await().atMost(T).until(() -> {
                    final JsonNode data = onOurs.latest("on", "fromHub", null);
                    return data != null && "hub".equals(data.path("v").asText());
                });
                assertThat(deltasOf("br-fromhub")).anySatisfy(d -> assertThat(d.getOrigin().getKind()).isEqualTo(SourceKind.GUN_SOURCE));

                // our relay → Kafka → hub → the hub's clients (a live .on() and a fresh reader)
                onHub.on("fromOurs", List.of("br-fromours"));
                final JsonNode ack = onOurs.putAcked("o1", List.of("br-fromours"), Map.of("v", "ours", "n", 2), T);
                assertThat(ack.path("ok").asBoolean()).as("ack %s", ack).isTrue();
                await().atMost(T).until(() -> {
                    final JsonNode data = onHub.latest("on", "fromOurs", null);
                    return data != null && "ours".equals(data.path("v").asText());
                });
                try (NodeGun fresh = NodeGun.client("fresh-on-hub", hubUrl)) {
                    await().atMost(T).until(() -> "ours".equals(
                            fresh.once("f" + System.nanoTime(), List.of("br-fromours"), T).path("data").path("v").asText()));
                }

                // no loops: gun.deltas stops growing, and each write is in it once per origin
                final int[] last = {-1};
                final int[] stableFor = {0};
                await().atMost(T).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    final int now = stack.deltas().size();
                    stableFor[0] = now == last[0] ? stableFor[0] + 1 : 0;
                    last[0] = now;
                    return stableFor[0] >= 3;
                });
                final List<GunDelta> fromHub = deltasOf("br-fromhub");
                final List<GunDelta> fromOurs = deltasOf("br-fromours");
                assertThat(fromHub).as("deltas of the hub's write %s", fromHub).hasSize(1);
                assertThat(fromHub.get(0).getOrigin().getKind()).isEqualTo(SourceKind.GUN_SOURCE);
                assertThat(fromOurs).as("deltas of our client's write %s", fromOurs).hasSize(1);
                assertThat(fromOurs.get(0).getOrigin().getKind()).isEqualTo(SourceKind.RELAY);
                assertThat(fromOurs.get(0).getOrigin().getMessageId()).isNotNull();
            }
        }
    }
}
