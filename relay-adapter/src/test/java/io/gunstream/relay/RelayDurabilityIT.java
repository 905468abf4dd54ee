package io.gunstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import io.gunstream.stack.net.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ok from the relay means the write is in Kafka; without Kafka there is no ok, only err, and other connections
 * are still served meanwhile; writes resume after.
 */
class RelayDurabilityIT {

    private static final Duration T = Duration.ofSeconds(60);

    private static String put(final String id, final String soul, final int value) {
        return "{\"#\":\"" + id + "\",\"put\":{\"" + soul + "\":{\"_\":{\"#\":\"" + soul + "\",\">\":{\"v\":"
                + System.currentTimeMillis() + "}},\"v\":" + value + "}}}";
    }

    private static String get(final String id, final String soul) {
        return "{\"#\":\"" + id + "\",\"get\":{\"#\":\"" + soul + "\"}}";
    }

    @Test
    void everyAckedPutIsInKafkaAndABrokerOutageGivesErrNeverOk(@TempDir final Path dir) throws Exception {
        try (RelayStack stack = RelayStack.start(LoopbackPorts.freePort(), LoopbackPorts.freePort(), dir.resolve("kafka"))) {
            final GunRelay relay = stack.relay("relay.id", "relay-d", "ack.timeout.ms", 3000);
            try (RawGunSocket raw = new RawGunSocket(relay.url());
                 RawGunSocket reader = new RawGunSocket(relay.url());
                 NodeGun client = NodeGun.client("gunjs", RelayStack.peerUrl(relay))) {
                final Set<String> acked = new HashSet<>();
                for (int i = 0; i < 50; i++) {
                    raw.send(put("d" + i, "t10-" + i, i));
                }
                for (int i = 0; i < 50; i++) {
                    final JsonNode reply = raw.replyTo("d" + i, T);
                    if (reply.path("ok").asBoolean()) {
                        acked.add("d" + i);
                    }
                }
                assertThat(acked).hasSize(50);
                final Set<String> inKafka = new HashSet<>();
                stack.deltas().forEach(r -> inKafka.add(r.value().getOrigin().getMessageId()));
                assertThat(inKafka).containsAll(acked);

                // a soul the relay holds in its cache (merged by the streams app), so a get needs no Kafka
                await().atMost(T).until(() -> {
                    final String id = "warm" + System.nanoTime();
                    reader.send(get(id, "t10-7"));
                    return reader.replyTo(id, T).path("put").has("t10-7");
                });

                stack.broker.close();
                for (int i = 0; i < 5; i++) {
                    raw.send(put("down" + i, "t10-down-" + i, i));
                }
                reader.send(get("while-down", "t10-7"));
                final JsonNode answer = reader.replyTo("while-down", T);
                assertThat(answer.path("put").path("t10-7").path("v").asInt()).isEqualTo(7);
                for (int i = 0; i < 5; i++) {
                    final JsonNode reply = raw.replyTo("down" + i, T);
                    assertThat(reply.path("ok").isMissingNode()).as("reply %s", reply).isTrue();
                    assertThat(reply.path("err").asText()).contains("not stored");
                }
                // puts waiting on Kafka hold no thread another connection needs: the get is answered before the
                // first pending put gives up (ack.timeout.ms)
                assertThat(reader.arrival(answer)).isLessThan(raw.arrival(raw.replyTo("down0", T)));
                final JsonNode gunAck = client.putAcked("down-gunjs", List.of("t10-gunjs"), Map.of("x", 1), T);
                assertThat(gunAck.path("err").asText()).contains("not stored");

                stack.restartBroker();
                await().atMost(T).until(() -> {
                    final String id = "up" + System.nanoTime();
                    raw.send(put(id, "t10-up", 1));
                    return raw.replyTo(id, T).path("ok").asBoolean();
                });
                assertThat(client.putAcked("up-gunjs", List.of("t10-gunjs"), Map.of("x", 2), T).path("ok").asBoolean()).isTrue();
                assertThat(relay.counters().acks()).isGreaterThanOrEqualTo(52);
            }
        }
    }
}
