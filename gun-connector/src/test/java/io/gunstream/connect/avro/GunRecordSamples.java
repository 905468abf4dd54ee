package io.gunstream.connect.avro;

import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.EntropyStats;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.avro.RelayInfo;
import io.gunstream.schemas.avro.SourceKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One record of every gunstream type, using every branch and optional the schemas have. */
final class GunRecordSamples {

    static final Instant TIME = Instant.parse("2026-11-25T07:30:00.123Z");

    private GunRecordSamples() {
    }

    static List<GunField> fields() {
        return List.of(
                field("on", 1.5, true),
                field("temp", 1_700_000_000_000.25, 21.5),
                field("zero", 3, -0.0),
                field("name", 4, "kitchen"),
                field("owner", 5, new GunLink("users/alice")),
                field("gone", 6, null));
    }

    static GunField field(final String key, final double state, final Object value) {
        return new GunField(key, state, new GunValue(value));
    }

    static GunDelta delta() {
        return new GunDelta("devices/d1", fields(), new Origin(SourceKind.RELAY, "relay-1", "peer-9", "msg-3"), TIME);
    }

    static GunNode node() {
        return new GunNode("devices/d1", fields());
    }

    static List<SpecificRecord> everyType() {
        return List.of(
                delta(),
                new GunDelta("devices/d2", List.of(), new Origin(SourceKind.CDC, "pg", null, null), TIME),
                node(),
                new EntropySample("devices/d1/entropy/1", "t", 12.5, 0.75, new GunValue(0.75), TIME),
                new EntropySample("devices/d1/entropy/2", null, 13.0, null, new GunValue("n/a"), TIME),
                new LogEntry("logs/app", "l1", 2.0, "started", new GunValue("started"), "INFO", TIME),
                new LogEntry("logs/app", "l2", 3.0, "{\"#\":\"x\"}", new GunValue(new GunLink("x")), null, TIME),
                new Reject("devices/d1", "temp", "STATE_NOT_A_NUMBER", "state is not a number", delta(),
                        new Origin(SourceKind.STREAMS, "streams-1", null, null), "gun.deltas", 3, 42L,
                        ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), TIME),
                new Reject(null, null, "MALFORMED_RECORD", "no magic byte", null, null, null, null, null, null, TIME),
                new EntropyStats("devices/d1", TIME, TIME.plusSeconds(60), 3L, -1.0, 2.5, 4.0, 4.0 / 3),
                new RelayInfo("relay-1", "ws://127.0.0.1:8765/gun", null, TIME));
    }
}
