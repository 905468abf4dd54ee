package io.gunstream.streams.reject;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Reject;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds {@link Reject} records; reason codes used by the streams app besides gun-core's and the schemas module's. */
public final class Rejects {

    /** The record key is not the delta's soul (partitioning by soul would break). */
    public static final String KEY_SOUL_MISMATCH = "KEY_SOUL_MISMATCH";
    /** The record value could not be decoded (bad Avro, unknown schema id, not Confluent framing...). */
    public static final String MALFORMED_RECORD = "MALFORMED_RECORD";
    /** A tombstone (null value) on the deltas topic: a delete in Gun is a null field, never a null record. */
    public static final String NULL_DELTA = "NULL_DELTA";

    private Rejects() {
    }

    /** A reject for a decoded delta. */
    public static Reject ofDelta(final GunDelta delta, final String soul, final String key, final String reason,
                                 final String message, final Coordinates at, final Instant now) {
        return base(soul, key, reason, message, at, now)
                .setDelta(delta)
                .setOrigin(delta == null ? null : delta.getOrigin())
                .build();
    }

    /** A reject for an undecodable record: the raw value is kept. */
    public static Reject ofRaw(final String soul, final byte[] rawValue, final String reason, final String message,
                               final Coordinates at, final Instant now) {
        return base(soul, null, reason, message, at, now)
                .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
                .build();
    }

    private static Reject.Builder base(final String soul, final String key, final String reason, final String message,
                                       final Coordinates at, final Instant now) {
        return Reject.newBuilder()
                .setSoul(soul)
                .setKey(key)
                .setReason(reason)
                .setMessage(message)
                .setSourceTopic(at == null ? null : at.topic())
                .setSourcePartition(at == null ? null : at.partition())
                .setSourceOffset(at == null ? null : at.offset())
                .setTimestamp(now);
    }

    /** Where a refused record was read. */
    public record Coordinates(String topic, Integer partition, Long offset) {
        @Override
        public String toString() {
            return "topic=[" + topic + "] partition=[" + partition + "] offset=[" + offset + "]";
        }
    }
}
