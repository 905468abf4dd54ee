package io.gunstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real gun.js clients (node, pinned gun-js/) against the relay on an embedded broker. */
class RelayGunJsIT {

    private static final Duration T = Duration.ofSeconds(30);
    private static RelayStack stack;
    private static GunRelay relay;

    @BeforeAll
    static void start() {
        stack = RelayStack.start();
        relay = stack.relay("relay.id", "relay-a");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void putIsAckedAndAFreshClientGetsNodesKeysAndNestedObjects() {
        try (NodeGun writer = NodeGun.client("writer", RelayStack.peerUrl(relay));
             NodeGun reader = NodeGun.client("reader", RelayStack.peerUrl(relay))) {
            final JsonNode ack = writer.putAcked("p1", List.of("t1-alice"),
                    Map.of("name", "Alice", "age", 30, "address", Map.of("city", "Paris")), T);
            assertThat(ack.path("err").isNull()).as("ack %s", ack).isTrue();
            assertThat(ack.path("ok").asBoolean()).isTrue();

            final JsonNode alice = reader.once("o1", List.of("t1-alice"), T).path("data");
            assertThat(alice.path("name").asText()).isEqualTo("Alice");
            assertThat(alice.path("age").asInt()).isEqualTo(30);
            assertThat(alice.path("address").path("#").asText()).isEqualTo("t1-alice/address");
            assertThat(reader.once("o2", List.of("t1-alice", "address", "city"), T).path("data").asText()).isEqualTo("Paris");
        }
    }
}
