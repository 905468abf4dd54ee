package io.gunstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import io.gunstream.stack.net.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay next to a real node gun.js relay: the same client script gives the same final graph. */
class RelayVersusGunJsRelayIT {

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

    /** Writes with one client, then reads every soul back with a fresh client; values without states. */
    private static Map<String, JsonNode> runScript(final String peerUrl, final String prefix) {
        try (NodeGun writer = NodeGun.client("writer", peerUrl)) {
            writer.put("1", List.of(prefix + "alice"), Map.of("name", "Alice", "age", 30, "address", Map.of("city", "Paris")));
            writer.put("2", List.of(prefix + "bob"), Map.of("x", 1, "tags", Map.of("a", true, "b", false)));
            writer.put("3", List.of(prefix + "alice", "name"), null);
            writer.put("4", List.of(prefix + "alice", "friend"), Map.of("#", prefix + "bob"));
            writer.put("5", List.of(prefix + "bob", "x"), 2.5);
            try (NodeGun reader = NodeGun.client("reader", peerUrl)) {
                final Map<String, JsonNode> graph = new LinkedHashMap<>();
                for (final String soul : List.of("alice", "alice/address", "bob", "bob/tags")) {
                    await().atMost(T).until(() -> {
                        final JsonNode data = reader.once(soul + System.nanoTime(), List.of(prefix + soul), T).path("data");
                        graph.put(soul, strip(data, prefix));
                        return graph.get(soul).size() >= expectedKeys(soul);
                    });
                }
                return graph;
            }
        }
    }

    private static int expectedKeys(final String soul) {
        return switch (soul) {
            case "alice" -> 4;
            case "bob", "bob/tags" -> 2;
            default -> 1;
        };
    }

    private static JsonNode strip(final JsonNode data, final String prefix) {
        if (!(data instanceof ObjectNode node)) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        final ObjectNode copy = node.deepCopy();
        copy.remove("_");
        copy.fields().forEachRemaining(e -> {
            if (e.getValue().has("#")) {
                e.setValue(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("#", e.getValue().get("#").asText().substring(prefix.length())));
            }
        });
        return copy;
    }

    @Test
    void theSameScriptGivesTheSameGraphAsANodeGunJsRelay(@TempDir final Path dir) {
        final GunRelay relay = stack.relay("relay.id", "relay-cmp");
        final int port = LoopbackPorts.freePort();
        final Map<String, JsonNode> ours = runScript(RelayStack.peerUrl(relay), "cmp1-");
        final Map<String, JsonNode> theirs;
        try (NodeGun gunRelay = NodeGun.relay(port, dir.resolve("radata"))) {
            theirs = runScript("http://127.0.0.1:" + port + "/gun", "cmp2-");
        }
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get("alice").path("name").isNull()).isTrue();
        assertThat(ours.get("bob").path("x").asDouble()).isEqualTo(2.5);
    }
}
