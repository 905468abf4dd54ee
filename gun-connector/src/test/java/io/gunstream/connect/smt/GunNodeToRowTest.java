package io.gunstream.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class GunNodeToRowTest {

    private static Struct node(final String soul, final Struct... fields) {
        return new Struct(GunConnectSchemas.GUN_NODE).put("soul", soul).put("fields", List.of(fields));
    }

    private static SinkRecord record(final String soul, final Struct value) {
        return new SinkRecord("gun.nodes", 2, Schema.STRING_SCHEMA, soul,
                value == null ? null : GunConnectSchemas.GUN_NODE, value, 42);
    }

    private static GunNodeToRow<SinkRecord> smt(final Map<String, String> props) {
        final GunNodeToRow<SinkRecord> smt = new GunNodeToRow<>();
        smt.configure(props);
        return smt;
    }

    @Test
    void flattensANodeIntoTypedColumnsAndRoutesByTheMappedSoulPrefix() {
        final GunNodeToRow<SinkRecord> smt = smt(Map.of("table.map", "devices:device_state", "topic.format", "gun.${table}"));
        final SinkRecord row = smt.apply(record("devices/d1", node("devices/d1",
                GunConnectSchemas.field("temp", 1.5, GunConnectSchemas.value(21.5)),
                GunConnectSchemas.field("on", 2, GunConnectSchemas.value(true)),
                GunConnectSchemas.field("name", 3, GunConnectSchemas.value("kitchen")),
                GunConnectSchemas.field("owner", 4, GunConnectSchemas.link("users/alice")),
                GunConnectSchemas.field("gone", 5, GunConnectSchemas.value(null)))));

        assertThat(row.topic()).isEqualTo("gun.device_state");
        assertThat(((Struct) row.key()).getString("soul")).isEqualTo("devices/d1");
        final Struct value = (Struct) row.value();
        assertThat(value.schema().field("temp").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(value.schema().field("on").schema()).isEqualTo(Schema.OPTIONAL_BOOLEAN_SCHEMA);
        assertThat(value.schema().field("name").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(value.getString("soul")).isEqualTo("devices/d1");
        assertThat(value.getFloat64("temp")).isEqualTo(21.5);
        assertThat(value.getBoolean("on")).isTrue();
        assertThat(value.getString("name")).isEqualTo("kitchen");
        assertThat(value.getString("owner")).isEqualTo("users/alice");
        assertThat(value.get("gone")).isNull();
        assertThat(value.schema().field("temp_state")).isNull();
    }

    @Test
    void unmappedPrefixesBecomeSanitisedTableNamesAndStateColumnsAreOptional() {
        final GunNodeToRow<SinkRecord> smt = smt(Map.of("state.columns", "true", "soul.segments", "2"));
        final SinkRecord row = smt.apply(record("Shop-EU/Items/x",
                node("Shop-EU/Items/x", GunConnectSchemas.field("price", 1700000000000.5, GunConnectSchemas.value(3)))));
        assertThat(row.topic()).isEqualTo("shop_eu_items");
        assertThat(((Struct) row.value()).getFloat64("price_state")).isEqualTo(1700000000000.5);
    }

    @Test
    void declaredColumnTypesHoldForNullsAndRefuseOtherTypes() {
        final GunNodeToRow<SinkRecord> smt = smt(Map.of("column.types", "temp:double"));
        final SinkRecord row = smt.apply(record("devices/d1",
                node("devices/d1", GunConnectSchemas.field("temp", 1, GunConnectSchemas.value(null)))));
        assertThat(((Struct) row.value()).schema().field("temp").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThatThrownBy(() -> smt.apply(record("devices/d1",
                node("devices/d1", GunConnectSchemas.field("temp", 1, GunConnectSchemas.value("warm"))))))
                .isInstanceOf(DataException.class).hasMessageContaining("temp");
    }

    @Test
    void tombstonesKeepNullButGetTheRowKeyAndTable() {
        final SinkRecord deleted = smt(Map.of()).apply(record("devices/d1", null));
        assertThat(deleted.value()).isNull();
        assertThat(deleted.topic()).isEqualTo("devices");
        assertThat(((Struct) deleted.key()).getString("soul")).isEqualTo("devices/d1");
    }

    @Test
    void foreignRecordsPassThroughUnchanged() {
        final SinkRecord foreign = new SinkRecord("t", 0, null, "k", Schema.STRING_SCHEMA, "text", 1);
        assertThat(smt(Map.of()).apply(foreign)).isSameAs(foreign);
    }
}
