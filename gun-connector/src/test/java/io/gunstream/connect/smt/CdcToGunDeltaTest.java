package io.gunstream.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class CdcToGunDeltaTest {

    private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().optional()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("score", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema SOURCE = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();

    private final CdcToGunDelta<SourceRecord> smt = new CdcToGunDelta<>();

    CdcToGunDeltaTest() {
        smt.configure(Map.of("soul.prefix.map", "public.users:people", "origin.id", "pg-main"));
    }

    private static SourceRecord event(final String op, final Struct before, final Struct after) {
        final Struct envelope = new Struct(ENVELOPE).put("before", before).put("after", after).put("op", op)
                .put("ts_ms", 1_700_000_000_500L).put("source", new Struct(SOURCE).put("ts_ms", 1_700_000_000_123L)
                        .put("schema", "public").put("table", "users").put("lsn", 987L));
        return new SourceRecord(Map.of(), Map.of(), "pg.public.users", 0, KEY, new Struct(KEY).put("id", 7),
                ENVELOPE, envelope);
    }

    private static Struct row(final String name) {
        return new Struct(ROW).put("id", 7).put("name", name).put("active", true).put("score", 12L);
    }

    @Test
    void anInsertBecomesADeltaWithTheCommitTimeAsState() {
        final SourceRecord delta = smt.apply(event("c", null, row("ann")));
        assertThat(delta.topic()).isEqualTo("gun.deltas");
        assertThat(delta.key()).isEqualTo("people/7");
        final Struct value = (Struct) delta.value();
        assertThat(value.getString("soul")).isEqualTo("people/7");
        final List<Struct> fields = value.getArray("fields");
        assertThat(fields).extracting(f -> f.getString("key")).containsExactly("id", "name", "active", "score");
        assertThat(fields).allSatisfy(f -> assertThat(f.getFloat64("state")).isEqualTo(1_700_000_000_123.0));
        assertThat(fields.get(1).getStruct("value").getStruct("value").getString("string")).isEqualTo("ann");
        assertThat(fields.get(2).getStruct("value").getStruct("value").getBoolean("boolean")).isTrue();
        assertThat(fields.get(3).getStruct("value").getStruct("value").getFloat64("double")).isEqualTo(12.0);
        final Struct origin = value.getStruct("origin");
        assertThat(origin.getString("kind")).isEqualTo("CDC");
        assertThat(origin.getString("relay_id")).isEqualTo("pg-main");
        assertThat(origin.getString("message_id")).isEqualTo("987");
    }

    @Test
    void aDeleteBecomesNullsForEveryColumn() {
        final Struct value = (Struct) smt.apply(event("d", row("ann"), null)).value();
        final List<Struct> fields = value.getArray("fields");
        assertThat(fields).hasSize(4).allSatisfy(f -> {
            // Gun's null: the GunValue's union is unset (what Avro's null branch reads as).
            assertThat(f.getStruct("value").get("value")).isNull();
            assertThat(GunConnectSchemas.unwrap(f.getStruct("value"))).isNull();
        });
    }

    @Test
    void debeziumTombstonesAreDroppedAndForeignRecordsPass() {
        final SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "pg.public.users", 0, KEY,
                new Struct(KEY).put("id", 7), null, null);
        assertThat(smt.apply(tombstone)).isNull();
        final SourceRecord foreign = new SourceRecord(Map.of(), Map.of(), "t", Schema.STRING_SCHEMA, "x");
        assertThat(smt.apply(foreign)).isSameAs(foreign);
    }
}
