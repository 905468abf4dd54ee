package io.gunstream.schemas.serde;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.SystemLimitException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code GunDelta} records in one pass straight from their bytes when they were written with exactly the
 * reader's schema (the common case: relays, connectors and the streams app all write it), and through
 * {@link GunAvroDeserializer} otherwise. The result is the record the wrapped deserializer returns for the same
 * bytes; anything this reader does not accept as well-formed (truncated, out-of-range index, a boolean byte other
 * than 0 or 1, bytes left over, ...) goes through the wrapped deserializer too, so errors are exactly its errors.
 *
 * <p>Why by hand: the deserializer first validates the bytes against the writer schema (Avro's reader trusts lengths
 * and counts) and then decodes them with Avro's resolving reader; for the deltas topic, read by the merge once per
 * delta, those two passes were its largest own cost. This reader checks every length against the bytes present and
 * sizes nothing by a count, so one pass is safe. It is stateless apart from the ids it has checked: thread-safe.
 */
public final class FastGunDeltaDeserializer implements Deserializer<GunDelta> {

    private static final int MAX_CHECKED_IDS = 1000;
    private static final SourceKind[] KINDS = SourceKind.values();
    private static final int VALUE_BRANCHES = 5;

    private final GunAvroDeserializer<GunDelta> deserializer;
    private final Map<Integer, Boolean> fastIds = new ConcurrentHashMap<>();

    /** @param deserializer the configured deserializer of the topic, used for other schemas and for every error */
    public FastGunDeltaDeserializer(final GunAvroDeserializer<GunDelta> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        deserializer.configure(configs, isKey);
    }

    @Override
    public GunDelta deserialize(final String topic, final byte[] data) {
        if (data == null || data.length <= WireFormat.HEADER_LENGTH || data[0] != WireFormat.MAGIC_BYTE) {
            return deserializer.deserialize(topic, data);
        }
        final int id = WireFormat.schemaId(data);
        final Boolean fast = fastIds.get(id);
        if (fast == null) {
            final GunDelta delta = deserializer.deserialize(topic, data);
            if (fastIds.size() >= MAX_CHECKED_IDS) {
                fastIds.clear();
            }
            fastIds.put(id, deserializer.writtenWithReaderSchema(topic, id));
            return delta;
        }
        if (fast) {
            final GunDelta delta = readFast(data);
            if (delta != null) {
                return delta;
            }
        }
        return deserializer.deserialize(topic, data);
    }

    /** True once records of {@code schemaId} are read by this class's own reader (visible for tests). */
    boolean readsFast(final int schemaId) {
        return Boolean.TRUE.equals(fastIds.get(schemaId));
    }

    /** The delta in a frame written with the reader's schema, or null when the body is not exactly one well-formed one. */
    static GunDelta readFast(final byte[] frame) {
        return new Reader(frame).delta();
    }

    @Override
    public void close() {
        deserializer.close();
    }

    /** One frame's body in {@code GunDelta}'s binary layout; every read returns a sentinel or null when malformed. */
    private static final class Reader {
        private static final long BAD = Long.MIN_VALUE;
        private final byte[] data;
        private int pos = WireFormat.HEADER_LENGTH;
        private boolean bad;

        Reader(final byte[] data) {
            this.data = data;
        }

        /** The delta, or null when the bytes are not exactly one well-formed {@code GunDelta}. */
        GunDelta delta() {
            final String soul = string();
            final List<GunField> fields = fields();
            final int kind = index(KINDS.length);
            final String relayId = string();
            final String peerId = optionalString();
            final String messageId = optionalString();
            final long receivedAt = varint();
            if (bad || pos != data.length) {
                return null;
            }
            return new GunDelta(soul, fields, new Origin(KINDS[kind], relayId, peerId, messageId),
                    Instant.ofEpochMilli(receivedAt));
        }

        private List<GunField> fields() {
            final List<GunField> fields = new ArrayList<>();
            for (long count = blockCount(); count > 0 && !bad; count = blockCount()) {
                for (long i = 0; i < count && !bad; i++) {
                    final String key = string();
                    final double state = fixedDouble();
                    fields.add(new GunField(key, state, new GunValue(value())));
                }
            }
            return fields;
        }

        private Object value() {
            return switch (index(VALUE_BRANCHES)) {
                case 1 -> bool();
                case 2 -> fixedDouble();
                case 3 -> string();
                case 4 -> new GunLink(string());
                default -> null; // null, or malformed (bad is set)
            };
        }

        /** An array block's item count (a negative count is followed by the block's byte size); 0 ends the array. */
        private long blockCount() {
            long count = varint();
            if (count < 0 && !bad) {
                count = -count;
                varint();
            }
            // Each GunField takes at least 10 bytes (key length, 8-byte state, branch): a larger count cannot be backed.
            if (bad || count > (data.length - pos) / 10) {
                bad = true;
                return 0;
            }
            return count;
        }

        private int index(final int branches) {
            final long index = varint();
            if (index < 0 || index >= branches) {
                bad = true;
                return 0;
            }
            return (int) index;
        }

        private String optionalString() {
            return index(2) == 1 ? string() : null;
        }

        private Boolean bool() {
            if (pos >= data.length || (data[pos] & 0xfe) != 0) {
                bad = true;
                return Boolean.FALSE;
            }
            return data[pos++] == 1;
        }

        private double fixedDouble() {
            if (data.length - pos < Double.BYTES) {
                bad = true;
                return 0;
            }
            long bits = 0;
            for (int i = Double.BYTES - 1; i >= 0; i--) {
                bits = (bits << 8) | (data[pos + i] & 0xffL);
            }
            pos += Double.BYTES;
            return Double.longBitsToDouble(bits);
        }

        private String string() {
            final long length = varint();
            if (bad || length < 0 || length > data.length - pos) {
                bad = true;
                return null;
            }
            try {
                SystemLimitException.checkMaxStringLength(length);
            } catch (final SystemLimitException e) {
                bad = true;
                return null;
            }
            final String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        /** A zig-zag varint of at most 10 bytes, as Avro writes int, long, lengths, counts and indexes. */
        private long varint() {
            long raw = 0;
            for (int shift = 0; shift < 70 && pos < data.length; shift += 7) {
                final int b = data[pos++] & 0xff;
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            bad = true;
            return BAD;
        }
    }
}
