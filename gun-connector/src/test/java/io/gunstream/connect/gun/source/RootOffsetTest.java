package io.gunstream.connect.gun.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class RootOffsetTest {

    @Test
    void nothingEmittedAdmitsEverything() {
        assertThat(RootOffset.NONE.isNew("a", "k", -5)).isTrue();
        assertThat(RootOffset.NONE.isNew("a", "k", 1_000)).isTrue();
    }

    @Test
    void coversTheFloorAndTheExactFieldsAboveIt() {
        final RootOffset offset = new RootOffset(100, Map.of(RootOffset.pair("a", "x"), 200.0));
        assertThat(offset.isNew("b", "y", 100)).isFalse();
        assertThat(offset.isNew("b", "y", 99)).isFalse();
        assertThat(offset.isNew("a", "x", 200)).isFalse();
        assertThat(offset.isNew("a", "x", 150)).as("an older version of an emitted field").isFalse();
        // Above the floor, not emitted: new even below the highest emitted state (gun delivers out of state order).
        assertThat(offset.isNew("b", "y", 150)).isTrue();
        assertThat(offset.isNew("a", "x", 200.001)).isTrue();
    }

    @Test
    void roundTripsThroughConnectsOffsetMap() {
        final RootOffset offset = new RootOffset(1.795616614057E12, Map.of(RootOffset.pair("dev/1", "temp"), 1.795616614058001E12,
                RootOffset.pair("we\"ird/soul", "k,ey"), 1.8E12));
        final Map<String, Object> map = offset.toMap();
        assertThat(map.values()).allMatch(v -> v instanceof Double || v instanceof String);
        assertThat(RootOffset.fromMap(map)).isEqualTo(offset);
        assertThat(RootOffset.fromMap(null)).isEqualTo(RootOffset.NONE);
        // JSON has no -Infinity: the floor is left out and read back as -Infinity.
        assertThat(RootOffset.NONE.toMap()).doesNotContainKey(RootOffset.FLOOR_KEY);
        assertThat(RootOffset.fromMap(RootOffset.NONE.toMap())).isEqualTo(RootOffset.NONE);
    }

    @Test
    void readsTheFirstFormatAsTheSameEmittedFields() {
        final Map<String, Object> legacy = new HashMap<>();
        legacy.put(RootOffset.LEGACY_STATE_KEY, 100.0);
        legacy.put(RootOffset.LEGACY_AT_STATE_KEY, "[[\"a\",\"x\"]]");
        final RootOffset offset = RootOffset.fromMap(legacy);
        assertThat(offset.isNew("a", "x", 100)).isFalse();
        assertThat(offset.isNew("b", "x", 100)).isTrue();
        assertThat(offset.isNew("b", "x", 99.999)).isFalse();
        assertThat(RootOffset.fromMap(Map.of(RootOffset.LEGACY_STATE_KEY, "-Infinity"))).isEqualTo(RootOffset.NONE);
    }

    @Test
    void refusesUnreadableOffsetsNamingThem() {
        assertThatThrownBy(() -> RootOffset.fromMap(Map.of(RootOffset.FIELDS_KEY, "[[\"a\"]]")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unreadable");
        assertThatThrownBy(() -> new RootOffset(10, Map.of(RootOffset.pair("a", "x"), 10.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.x");
    }
}
