package io.gunstream.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OriginFilterTest {

    private static SinkRecord delta(final String kind, final String relayId) {
        final Struct origin = new Struct(GunConnectSchemas.ORIGIN).put("kind", kind).put("relay_id", relayId);
        final Struct delta = new Struct(GunConnectSchemas.GUN_DELTA).put("soul", "a").put("fields", List.of())
                .put("origin", origin).put("received_at", new Date(0));
        return new SinkRecord("gun.changes", 0, Schema.STRING_SCHEMA, "a", GunConnectSchemas.GUN_DELTA, delta, 1);
    }

    private static OriginFilter<SinkRecord> filter(final Map<String, String> props) {
        final OriginFilter<SinkRecord> filter = new OriginFilter<>();
        filter.configure(props);
        return filter;
    }

    @Test
    void dropsMatchingKindsAndRelayIdsOnly() {
        final OriginFilter<SinkRecord> filter = filter(Map.of("origin.kinds", "CDC", "origin.relay.ids", "relay-eu"));
        assertThat(filter.apply(delta("CDC", "postgres"))).isNull();
        assertThat(filter.apply(delta("RELAY", "relay-eu"))).isNull();
        final SinkRecord keep = delta("RELAY", "relay-us");
        assertThat(filter.apply(keep)).isSameAs(keep);
    }

    @Test
    void recordsWithoutOriginAndTombstonesPass() {
        final OriginFilter<SinkRecord> filter = filter(Map.of("origin.kinds", "CDC"));
        final SinkRecord tombstone = new SinkRecord("gun.nodes", 0, Schema.STRING_SCHEMA, "a", null, null, 1);
        assertThat(filter.apply(tombstone)).isSameAs(tombstone);
        final Struct node = new Struct(GunConnectSchemas.GUN_NODE).put("soul", "a").put("fields", List.of());
        final SinkRecord noOrigin = new SinkRecord("gun.nodes", 0, null, "a", GunConnectSchemas.GUN_NODE, node, 2);
        assertThat(filter.apply(noOrigin)).isSameAs(noOrigin);
    }

    @Test
    void aFilterThatDropsNothingIsAConfigurationError() {
        assertThatThrownBy(() -> filter(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("origin.kinds");
    }
}
