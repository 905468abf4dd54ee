package io.gunstream.connect.storj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class NamingAndPartitionersTest {

    @Test
    void objectKeysFollowTheDocumentedLayoutWithTwentyDigitOffsets() {
        assertThat(new ObjectKey("archive/v1", "gun.entropy", "dt=2026-11-25/hr=07", "gun.entropy", 4, 1234).key())
                .isEqualTo("archive/v1/gun.entropy/dt=2026-11-25/hr=07/gun.entropy+4+00000000000000001234.avro");
        assertThat(new ObjectKey("", "gun.logs", "", "gun.logs", 0, Long.MAX_VALUE).key())
                .isEqualTo("gun.logs/gun.logs+0+09223372036854775807.avro");
        assertThatThrownBy(() -> new ObjectKey("", "t", "", "t", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysSortByOffset() {
        final String earlier = new ObjectKey("", "t", "", "t", 0, 99).key();
        final String later = new ObjectKey("", "t", "", "t", 0, 100).key();
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void timePartitionerUsesTheRecordTimestampInUtc() {
        final long time = Instant.parse("2026-11-25T23:59:59.999Z").toEpochMilli();
        assertThat(new TimePartitioner().path(record("s", time), null)).isEqualTo("dt=2026-11-25/hr=23");
        assertThat(new TimePartitioner().path(record("s", time + 1), null)).isEqualTo("dt=2026-11-26/hr=00");
    }

    @Test
    void timePartitionerRefusesARecordWithoutTimestamp() {
        final SinkRecord noTime = new SinkRecord("t", 0, null, "s", null, new byte[0], 7, null, TimestampType.NO_TIMESTAMP_TYPE);
        assertThatThrownBy(() -> new TimePartitioner().path(noTime, null)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("t-0@7");
    }

    @Test
    void fieldPartitionerEncodesTheValueAsOneSegment() {
        final Schema schema = SchemaBuilder.record("Log").fields().optionalString("level").endRecord();
        final GenericData.Record value = new GenericData.Record(schema);
        value.put("level", "warn/x");
        assertThat(new FieldPartitioner("level").path(record("s", 0), value)).isEqualTo("level=warn%2Fx");
        value.put("level", null);
        assertThat(new FieldPartitioner("level").path(record("s", 0), value)).isEqualTo("level=null");
        assertThatThrownBy(() -> new FieldPartitioner("missing").path(record("s", 0), value))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("missing");
    }

    @Test
    void soulPrefixPartitionerTakesTheFirstSegmentsOfTheKey() {
        final SoulPrefixPartitioner two = new SoulPrefixPartitioner(2);
        assertThat(two.path(record("devices/d1/entropy/x", 0), null)).isEqualTo("soul_prefix=devices%2Fd1");
        assertThat(two.path(record("devices", 0), null)).isEqualTo("soul_prefix=devices");
        final SinkRecord bytesKey = new SinkRecord("t", 0, null, "logs/a/b".getBytes(StandardCharsets.UTF_8), null,
                new byte[0], 0, 0L, TimestampType.CREATE_TIME);
        assertThat(new SoulPrefixPartitioner(1).path(bytesKey, null)).isEqualTo("soul_prefix=logs");
        assertThatThrownBy(() -> two.path(record(null, 0), null)).isInstanceOf(BadRecordException.class);
    }

    @Test
    void rotationPredicates() {
        final RotationPolicy policy = new RotationPolicy(10, 1_000, 60_000, 5_000);
        assertThat(policy.full(9, 999)).isFalse();
        assertThat(policy.full(10, 0)).isTrue();
        assertThat(policy.full(1, 1_000)).isTrue();
        assertThat(policy.rotateBefore(1_000, 60_999)).isFalse();
        assertThat(policy.rotateBefore(1_000, 61_000)).isTrue();
        assertThat(policy.due(100, 5_099)).isFalse();
        assertThat(policy.due(100, 5_100)).isTrue();
        final RotationPolicy off = new RotationPolicy(10, 1_000, -1, -1);
        assertThat(off.rotateBefore(0, Long.MAX_VALUE)).isFalse();
        assertThat(off.due(0, Long.MAX_VALUE)).isFalse();
    }

    private static SinkRecord record(final String key, final long timestamp) {
        return new SinkRecord("t", 0, null, key, null, new byte[0], 0, timestamp, TimestampType.CREATE_TIME);
    }
}
