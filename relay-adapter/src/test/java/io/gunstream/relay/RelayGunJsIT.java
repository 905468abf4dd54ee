package io.gunstream.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gunstream.relay.gunjs.NodeGun;
import io.gunstream.relay.server.GunRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.schemas.convert.GunAvro;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.gunstream.schemas.avro.GunDelta;
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

    @Test
    void onFiresForLaterWritesIncludingLinksAndNullDeletes() {
        try (NodeGun writer = NodeGun.client("writer", RelayStack.peerUrl(relay));
             NodeGun reader = NodeGun.client("reader", RelayStack.peerUrl(relay))) {
            reader.on("bob", List.of("t2-bob"));
            reader.on("bobFriendName", List.of("t2-bob", "friend", "name"));
            writer.putAcked("w1", List.of("t2-bob"), Map.of("x", 1, "name", "Bob"), T);
            await().atMost(T).until(() -> reader.latest("on", "bob", null) != null
                    && reader.latest("on", "bob", null).path("x").asInt() == 1);

            writer.putAcked("w2", List.of("t2-carol"), Map.of("name", "Carol"), T);
            writer.putAcked("w3", List.of("t2-bob", "friend"), Map.of("#", "t2-carol"), T);
            await().atMost(T).until(() -> {
                final JsonNode name = reader.latest("on", "bobFriendName", null);
                return name != null && "Carol".equals(name.asText());
            });

            writer.putAcked("w4", List.of("t2-bob", "name"), null, T);
            await().atMost(T).until(() -> {
                final JsonNode bob = reader.latest("on", "bob", null);
                return bob != null && bob.has("name") && bob.path("name").isNull();
            });
            assertThat(reader.latest("on", "bob", null).path("friend").path("#").asText()).isEqualTo("t2-carol");
        }
    }

    @Test
    void mapSeesEverySetItemFromAnotherClient() {
        try (NodeGun writer = NodeGun.client("writer", RelayStack.peerUrl(relay));
             NodeGun reader = NodeGun.client("reader", RelayStack.peerUrl(relay))) {
            reader.map("items", List.of("t3-list"));
            for (int i = 0; i < 5; i++) {
                writer.send(Map.of("op", "set", "id", "s" + i, "path", List.of("t3-list"), "value", Map.of("n", i)));
            }
            for (int i = 0; i < 5; i++) {
                final String id = "s" + i;
                writer.await(e -> "ack".equals(e.path("ev").asText()) && id.equals(e.path("id").asText()), T);
            }
            await().atMost(T).until(() -> {
                final Set<Integer> seen = new HashSet<>();
                reader.events("map", "items").forEach(e -> seen.add(e.path("data").path("n").asInt(-1)));
                return seen.containsAll(Set.of(0, 1, 2, 3, 4));
            });
        }
    }

    @Test
    void clientsOnTwoRelaysSeeEachOthersWrites() {
        final GunRelay other = stack.relay("relay.id", "relay-b");
        try (NodeGun a = NodeGun.client("a", RelayStack.peerUrl(relay));
             NodeGun b = NodeGun.client("b", RelayStack.peerUrl(other));
             NodeGun c = NodeGun.client("c", RelayStack.peerUrl(relay))) {
            a.on("room", List.of("t4-room"));
            b.on("room", List.of("t4-room"));
            c.on("room", List.of("t4-room"));
            b.putAcked("b1", List.of("t4-room"), Map.of("fromB", "hello"), T);
            a.putAcked("a1", List.of("t4-room"), Map.of("fromA", "hi"), T);
            for (final NodeGun client : List.of(a, b, c)) {
                await().atMost(T).until(() -> {
                    final JsonNode room = client.latest("on", "room", null);
                    return room != null && "hello".equals(room.path("fromB").asText()) && "hi".equals(room.path("fromA").asText());
                });
            }
        }
    }

    @Test
    void concurrentConflictingWritesConvergeToTheHamWinnerEverywhere() {
        final GunRelay other = stack.relay("relay.id", "relay-c");
        final List<NodeGun> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(NodeGun.client("c" + i, RelayStack.peerUrl(i % 2 == 0 ? relay : other)));
            }
            for (final NodeGun client : clients) {
                client.on("k", List.of("t5-conflict"));
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).put("r" + round + "c" + i, List.of("t5-conflict"), Map.of("v", "client-" + i + "-round-" + round));
                }
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < clients.size(); i++) {
                    final String id = "r" + round + "c" + i;
                    clients.get(i).await(e -> "ack".equals(e.path("ev").asText()) && id.equals(e.path("id").asText()), T);
                }
            }
            // the winner by gun's HAM over every write that reached Kafka
            FieldState winner = null;
            for (final ConsumerRecord<String, GunDelta> r : stack.deltas()) {
                if (r.key().equals("t5-conflict")) {
                    final FieldState f = GunAvro.toCore(r.value()).fields().get("v");
                    if (winner == null || HamMerge.decide(winner, f, Double.POSITIVE_INFINITY) == io.gunstream.core.ham.HamOutcome.INCOMING) {
                        winner = f;
                    }
                }
            }
            assertThat(winner).isNotNull();
            final String expected = ((GunValue.Str) winner.value()).value();
            for (final NodeGun client : clients) {
                await().atMost(T).until(() -> {
                    final JsonNode node = client.latest("on", "k", null);
                    return node != null && expected.equals(node.path("v").asText());
                });
            }
        } finally {
            clients.forEach(NodeGun::close);
        }
    }

    @Test
    void offlineClientSendsItsWritesOnReconnectAndCatchesUp() {
        try (NodeGun roamer = NodeGun.client("roamer", RelayStack.peerUrl(relay));
             NodeGun other = NodeGun.client("other", RelayStack.peerUrl(relay))) {
            roamer.on("doc", List.of("t6-doc"));
            other.on("doc", List.of("t6-doc"));
            roamer.putAcked("r0", List.of("t6-doc"), Map.of("start", 1), T);
            await().atMost(T).until(() -> other.latest("on", "doc", null) != null);

            roamer.send(Map.of("op", "offline", "id", "off"));
            roamer.await(e -> "offline".equals(e.path("ev").asText()), T);
            roamer.put("r1", List.of("t6-doc"), Map.of("offlineWrite", "from roamer"));
            other.putAcked("o1", List.of("t6-doc"), Map.of("whileAway", "from other"), T);
            roamer.send(Map.of("op", "online", "id", "on"));

            await().atMost(T).until(() -> {
                final JsonNode doc = other.latest("on", "doc", null);
                return doc != null && "from roamer".equals(doc.path("offlineWrite").asText());
            });
            await().atMost(T).until(() -> {
                final JsonNode doc = roamer.latest("on", "doc", null);
                return doc != null && "from other".equals(doc.path("whileAway").asText());
            });
        }
    }

    @Test
    void afterARelayRestartReloadingClientsGetEveryNodeAndOnKeepsFiring(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) {
        final int port = io.gunstream.stack.net.LoopbackPorts.freePort();
        final Object[] settings = {"relay.id", "relay-r", "relay.port", port, "subscriptions.file", dir.resolve("subs").toString()};
        GunRelay first = stack.relay(settings);
        final String url = RelayStack.peerUrl(first);
        try (NodeGun writer = NodeGun.client("writer", url);
             NodeGun watcher = NodeGun.client("watcher", url)) {
            for (int i = 0; i < 10; i++) {
                writer.putAcked("w" + i, List.of("t7-n" + i), Map.of("i", i), T);
            }
            watcher.on("n0", List.of("t7-n0"));
            await().atMost(T).until(() -> watcher.latest("on", "n0", null) != null);

            first.close();
            watcher.await(e -> "bye".equals(e.path("ev").asText()), T);
            final GunRelay second = stack.relay(settings);
            for (int round = 0; round < 2; round++) {
                try (NodeGun reloaded = NodeGun.client("reloaded" + round, url)) {
                    for (int i = 0; i < 10; i++) {
                        assertThat(reloaded.once("o" + i, List.of("t7-n" + i), T).path("data").path("i").asInt(-1))
                                .as("round %d node %d", round, i).isEqualTo(i);
                    }
                }
            }
            // both old clients reconnect by themselves (gun.js retries every 2 s)
            await().atMost(T).until(() -> watcher.events().stream().filter(e -> "hi".equals(e.path("ev").asText())).count() >= 2
                    && writer.events().stream().filter(e -> "hi".equals(e.path("ev").asText())).count() >= 2);
            writer.putAcked("after", List.of("t7-n0"), Map.of("after", "restart"), T);
            await().atMost(T).until(() -> {
                final JsonNode n0 = watcher.latest("on", "n0", null);
                return n0 != null && "restart".equals(n0.path("after").asText());
            });
            assertThat(second.url().getPort()).isEqualTo(port);
        }
    }

    @Test
    void badInputGetsErrReachesNoDeltaIsCountedAndTheRelayKeepsServing() throws Exception {
        final long rejectedBefore = relay.counters().rejected();
        try (RawGunSocket raw = new RawGunSocket(relay.url())) {
            raw.send("{\"#\":\"m1\",\"put\":{\"t8-a\":");
            assertThat(raw.await(m -> "!".equals(m.path("dam").asText()), T).path("err").asText()).isEqualTo("DAM JSON parse error.");

            raw.send("{\"#\":\"m2\",\"put\":{\"t8-big\":{\"_\":{\"#\":\"t8-big\",\">\":{\"x\":1}},\"x\":\"" + "y".repeat(1_200_000) + "\"}}}");
            await().atMost(T).until(() -> raw.received().stream().anyMatch(m -> "Message too big!".equals(m.path("err").asText())));

            raw.send("{\"#\":\"m3\",\"put\":{\"t8-nostate\":{\"_\":{\"#\":\"t8-nostate\",\">\":{}},\"x\":1}}}");
            assertThat(raw.replyTo("m3", T).path("err").asText()).contains("t8-nostate");

            raw.send("{\"#\":\"m4\",\"put\":{\"t8-soul\":{\"_\":{\"#\":\"t8-other\",\">\":{\"x\":1}},\"x\":1}}}");
            assertThat(raw.replyTo("m4", T).path("err").asText()).isNotEmpty();

            final String pub = SeaKeys.randomPub();
            final String forged = "{\\\":\\\":\\\"hacked\\\",\\\"~\\\":\\\"" + SeaKeys.randomSignature() + "\\\"}";
            raw.send("{\"#\":\"m5\",\"put\":{\"~" + pub + "\":{\"_\":{\"#\":\"~" + pub + "\",\">\":{\"name\":1700000000000}},\"name\":\"" + forged + "\"}}}");
            assertThat(raw.replyTo("m5", T).path("err").asText()).contains("SEA");

            // the same connection still works for a valid put
            raw.send("{\"#\":\"m6\",\"put\":{\"t8-good\":{\"_\":{\"#\":\"t8-good\",\">\":{\"x\":1700000000000}},\"x\":1}}}");
            assertThat(raw.replyTo("m6", T).path("ok").asBoolean()).isTrue();
            assertThat(raw.closed()).isFalse();
        }
        try (NodeGun client = NodeGun.client("after-bad", RelayStack.peerUrl(relay))) {
            assertThat(client.putAcked("fine", List.of("t8-fine"), Map.of("ok", "yes"), T).path("ok").asBoolean()).isTrue();
        }
        final Set<String> souls = new HashSet<>();
        stack.deltas().forEach(r -> souls.add(r.key()));
        assertThat(souls).contains("t8-good", "t8-fine").doesNotContain("t8-a", "t8-big", "t8-nostate", "t8-soul", "t8-other")
                .noneMatch(s -> s.startsWith("~"));
        assertThat(relay.counters().rejected() - rejectedBefore).isGreaterThanOrEqualTo(5);
    }

    @Test
    void rateLimitRefusesExcessMessagesAndClosesAbusers() throws Exception {
        final GunRelay strict = stack.relay("relay.id", "relay-strict", "limit.messages.per.second", 5, "limit.abuse.strikes", 20);
        try (RawGunSocket raw = new RawGunSocket(strict.url())) {
            final StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 40; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"#\":\"g").append(i).append("\",\"get\":{\"#\":\"t9-x\"}}");
            }
            raw.send(batch.append(']').toString());
            await().atMost(T).until(raw::closed);
            assertThat(raw.received()).anyMatch(m -> m.path("err").asText().contains("limit.messages.per.second"));
            assertThat(strict.health()).containsEntry("connectionsClosedForAbuse", 1L);
        }
    }
}
