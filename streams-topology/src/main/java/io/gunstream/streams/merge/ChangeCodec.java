package io.gunstream.streams.merge;

import io.gunstream.core.graph.FieldState;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.io.BinaryEncoder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes a change (the winning fields of a merge, with the delta's origin and receive time) straight to the
 * Confluent-framed Avro {@code GunDelta} the changes topic's serde would write, without building the Avro records.
 * Like {@link NodeCodec} it learns the schema id from the serde's output for the first change and uses its own
 * encoding only once that is byte-identical; with {@code use.latest.version} it always goes through the serde.
 *
 * <p>Not thread-safe (it reuses its buffer): one instance per processor.
 */
final class ChangeCodec {

    private static final int UNKNOWN = -1;

    private final Serializer<GunDelta> serializer;
    private final String topic;
    private final boolean fastAllowed;
    private final NodeCodec.Buffer out = new NodeCodec.Buffer();
    private BinaryEncoder encoder;
    private int fastId = UNKNOWN;

    ChangeCodec(final Serde<GunDelta> serde, final String topic, final boolean fastAllowed) {
        this.serializer = serde.serializer();
        this.topic = Objects.requireNonNull(topic, "topic");
        this.fastAllowed = fastAllowed;
    }

    /** The change as the changes topic's serde writes {@code new GunDelta(soul, fields, origin, receivedAt)}. */
    byte[] encode(final String soul, final Map<String, FieldState> fields, final Origin origin, final Instant receivedAt) {
        if (fastId != UNKNOWN) {
            return fastEncode(fastId, soul, fields, origin, receivedAt);
        }
        final byte[] framed = serializer.serialize(topic,
                new GunDelta(soul, GunAvro.toAvroFields(soul, fields), origin, receivedAt));
        if (fastAllowed) {
            final int id = WireFormat.schemaId(framed);
            if (Arrays.equals(framed, fastEncode(id, soul, fields, origin, receivedAt))) {
                fastId = id;
            }
        }
        return framed;
    }

    /** True once the fast path is in use (visible for tests). */
    boolean fast() {
        return fastId != UNKNOWN;
    }

    private byte[] fastEncode(final int schemaId, final String soul, final Map<String, FieldState> fields,
                              final Origin origin, final Instant receivedAt) {
        encoder = NodeCodec.startFrame(out, schemaId, encoder);
        try {
            encoder.writeString(GunAvro.requireWellFormed(soul, soul, null, "soul"));
            NodeCodec.writeFields(encoder, soul, fields);
            // Origin: kind (enum), relay_id, peer_id and message_id (both ["null","string"]); then timestamp-millis.
            encoder.writeEnum(origin.getKind().ordinal());
            encoder.writeString(origin.getRelayId());
            writeOptional(origin.getPeerId());
            writeOptional(origin.getMessageId());
            encoder.writeLong(receivedAt.toEpochMilli());
            encoder.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot encode the change of '" + soul + "' in memory", e);
        }
        return out.toByteArray();
    }

    private void writeOptional(final String value) throws IOException {
        if (value == null) {
            encoder.writeIndex(0);
        } else {
            encoder.writeIndex(1);
            encoder.writeString(value);
        }
    }
}
