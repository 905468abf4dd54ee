package io.gunstream.connect.gun.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelaySubscriptionTest {

    private static final long NOW = 1_000_000;

    @Test
    void followsLinksFromTheRootToTheConfiguredDepthInAnyOrderWithinAGraph() {
        final RelaySubscription subscription = new RelaySubscription(List.of("devices"), 1, Map.of(), 100);
        // The child comes before the parent that links it, as gun may order a nested put.
        final RelaySubscription.Accepted accepted = subscription.accept(graph(
                node("devices/d1", "temp", 10, GunValue.of(20), "more", 10, GunValue.link("devices/d1/deep")),
                node("devices", "d1", 10, GunValue.link("devices/d1")),
                node("other", "x", 10, GunValue.of(1))), NOW);
        assertThat(accepted.emits()).extracting(e -> e.node().soul()).containsExactly("devices/d1", "devices");
        // depth 1: the grandchild is not followed
        assertThat(accepted.newSouls()).containsExactly("devices/d1");
        assertThat(subscription.souls()).containsExactly("devices", "devices/d1");
    }

    @Test
    void dropsNodesSentAgainAndKeepsOnlyNewFields() {
        final RelaySubscription subscription = new RelaySubscription(List.of("r"), 1, Map.of(), 100);
        subscription.accept(graph(node("r", "a", 10, GunValue.of(1), "b", 10, GunValue.of(2))), NOW);
        assertThat(subscription.accept(graph(node("r", "a", 10, GunValue.of(1), "b", 10, GunValue.of(2))), NOW).emits()).isEmpty();
        final var emits = subscription.accept(graph(node("r", "a", 10, GunValue.of(1), "b", 11, GunValue.of(3))), NOW).emits();
        assertThat(emits).singleElement().satisfies(e -> assertThat(e.node().fields()).containsOnlyKeys("b"));
    }

    @Test
    void filtersAgainstTheStartOffsetNotWhatItEmittedSince() {
        final RootOffset start = new RootOffset(5, Map.of(RootOffset.pair("r", "a"), 10.0));
        final RelaySubscription subscription = new RelaySubscription(List.of("r"), 1, Map.of("r", start), 100);
        // A newer field first, then an older but unemitted one (replies in any order after a restart): both count.
        assertThat(subscription.accept(graph(node("r", "a", 10, GunValue.of(1), "c", 30, GunValue.link("r/x"))), NOW).emits())
                .singleElement().satisfies(e -> assertThat(e.node().fields()).containsOnlyKeys("c"));
        assertThat(subscription.accept(graph(node("r/x", "v", 20, GunValue.of("old"), "w", 5, GunValue.of("floor"))), NOW).emits())
                .singleElement().satisfies(e -> assertThat(e.node().fields()).containsOnlyKeys("v"));
    }

    @Test
    void isSettledOnlyWhenEveryGetIsAnsweredAndNoSoulWasJustLinked() {
        final RelaySubscription subscription = new RelaySubscription(List.of("r"), 1, Map.of(), 100);
        subscription.asked(gets("g1", "r", "g2", "r/y"), NOW);
        subscription.answered("g1");
        assertThat(subscription.accept(graph(node("r", "a", 30, GunValue.of(1))), NOW + 1).emits())
                .singleElement().satisfies(e -> assertThat(e.settled()).isFalse());
        subscription.answered("g2");
        assertThat(subscription.accept(graph(node("r", "b", 20, GunValue.of(2))), NOW + 2).emits())
                .singleElement().satisfies(e -> assertThat(e.settled()).isTrue());
        // The graph that links r/x: r/x's older fields are still to come (it is asked for only after this graph).
        assertThat(subscription.accept(graph(node("r", "x", 40, GunValue.link("r/x"))), NOW + 3).emits())
                .singleElement().satisfies(e -> assertThat(e.settled()).isFalse());
        // An unanswered get (unknown soul on a relay without storage) holds it back only for a while.
        subscription.asked(gets("g3", "r/z"), NOW);
        assertThat(subscription.catchingUp(NOW + RelaySubscription.CATCH_UP_MS - 1)).isTrue();
        assertThat(subscription.catchingUp(NOW + RelaySubscription.CATCH_UP_MS)).isFalse();
    }

    @Test
    void reAsksUnansweredGetsWithBackoffUntilAnsweredOrGivenUp() {
        final RelaySubscription subscription = new RelaySubscription(List.of("r"), 1, Map.of(), 100);
        final Iterator<String> ids = List.of("g2", "g3", "g4", "g5", "g6", "g7", "g8").iterator();
        subscription.asked(gets("g1", "r", "h1", "r/x"), NOW);
        subscription.answered("h1");
        assertThat(subscription.reask(NOW + 999, ids::next)).isEmpty();
        assertThat(subscription.reask(NOW + 1_000, ids::next)).isEqualTo(gets("g2", "r"));
        // The old id no longer counts; the new one is unanswered, next re-ask after 2 s.
        subscription.answered("g1");
        assertThat(subscription.catchingUp(NOW + 1_001)).isTrue();
        assertThat(subscription.reask(NOW + 2_999, ids::next)).isEmpty();
        assertThat(subscription.reask(NOW + 3_000, ids::next)).isEqualTo(gets("g3", "r"));
        long at = NOW + 3_000;
        for (int attempt = 3; attempt <= RelaySubscription.MAX_REASKS; attempt++) {
            at += RelaySubscription.REASK_BACKOFF.delayMs(attempt);
            assertThat(subscription.reask(at, ids::next)).hasSize(1);
        }
        // Given up: the relay does not know the soul.
        at += RelaySubscription.REASK_BACKOFF.delayMs(RelaySubscription.MAX_REASKS + 1);
        assertThat(subscription.reask(at, ids::next)).isEmpty();
        assertThat(subscription.catchingUp(NOW + 1)).isFalse();

        // Answered after one re-ask: nothing more to ask.
        subscription.asked(gets("k1", "r"), at);
        assertThat(subscription.reask(at + 1_000, () -> "k2")).isEqualTo(gets("k2", "r"));
        subscription.answered("k2");
        assertThat(subscription.reask(at + 60_000, () -> "k3")).isEmpty();
    }

    private static Map<String, String> gets(final String... idSoul) {
        final Map<String, String> gets = new LinkedHashMap<>();
        for (int i = 0; i < idSoul.length; i += 2) {
            gets.put(idSoul[i], idSoul[i + 1]);
        }
        return gets;
    }

    private static Map<String, GunNode> graph(final GunNode... nodes) {
        final Map<String, GunNode> graph = new LinkedHashMap<>();
        for (GunNode node : nodes) {
            graph.put(node.soul(), node);
        }
        return graph;
    }

    private static GunNode node(final String soul, final Object... keyStateValue) {
        final GunNode.Builder builder = GunNode.builder(soul);
        for (int i = 0; i < keyStateValue.length; i += 3) {
            builder.put((String) keyStateValue[i], ((Number) keyStateValue[i + 1]).doubleValue(), (GunValue) keyStateValue[i + 2]);
        }
        return builder.build();
    }
}
