package io.gunstream.connect.gun.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RootOffsetTest {

    private static final double NOW = 2_000_000;

    @Test
    void nothingEmittedAdmitsEverything() {
        assertThat(RootOffset.NONE.isNew("a", "k", -5)).isTrue();
        assertThat(RootOffset.NONE.isNew("a", "k", 1_000)).isTrue();
    }

    @Test
    void admitsHigherStatesAndUnlistedPairsAtTheTopState() {
        final RootOffset offset = RootOffset.NONE.after("a", Map.of("x", 100.0, "y", 100.0), NOW);
        assertThat(offset.state()).isEqualTo(100.0);
        assertThat(offset.isNew("a", "x", 100)).isFalse();
        assertThat(offset.isNew("a", "y", 99)).isFalse();
        // Same state, another node of the same put not emitted yet: still new.
        assertThat(offset.isNew("b", "x", 100)).isTrue();
        assertThat(offset.isNew("a", "z", 100)).isTrue();
        assertThat(offset.isNew("a", "x", 100.5)).isTrue();
    }

    @Test
    void aHigherStateStartsANewPairSetAndEqualStatesAddToIt() {
        final RootOffset first = RootOffset.NONE.after("a", Map.of("x", 100.0), NOW);
        final RootOffset same = first.after("b", Map.of("x", 100.0, "old", 50.0), NOW);
        assertThat(same.atState()).containsExactlyInAnyOrder(RootOffset.pair("a", "x"), RootOffset.pair("b", "x"));
        final RootOffset higher = same.after("c", Map.of("x", 200.0), NOW);
        assertThat(higher.state()).isEqualTo(200.0);
        assertThat(higher.atState()).containsExactly(RootOffset.pair("c", "x"));
        // Older fields never move it back.
        assertThat(higher.after("d", Map.of("x", 150.0), NOW)).isSameAs(higher);
    }

    @Test
    void statesAheadOfTheClockDoNotMoveIt() {
        final RootOffset offset = RootOffset.NONE.after("a", Map.of("x", 100.0), NOW);
        final Map<String, Double> future = new LinkedHashMap<>();
        future.put("far", NOW + 1_000_000);
        assertThat(offset.after("a", future, NOW)).isSameAs(offset);
    }

    @Test
    void roundTripsThroughConnectsOffsetMap() {
        final RootOffset offset = new RootOffset(1.795616614057E12, Set.of(RootOffset.pair("dev/1", "temp"),
                RootOffset.pair("we\"ird/soul", "k,ey")));
        final Map<String, Object> map = offset.toMap();
        assertThat(map.values()).allMatch(v -> v instanceof Double || v instanceof String);
        assertThat(RootOffset.fromMap(map)).isEqualTo(offset);
        assertThat(RootOffset.fromMap(null)).isEqualTo(RootOffset.NONE);
    }
}
