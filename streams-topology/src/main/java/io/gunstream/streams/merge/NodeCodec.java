package io.gunstream.streams.merge;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.convert.InvalidRecordException;
import io.gunstream.schemas.serde.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes gun-core nodes straight to Confluent-framed Avro {@code GunNode} bytes and back, without the Avro record
 * objects in between, so the merge encodes a merged node once for both the node store and the nodes topic and
 * reads a stored node without building Avro records first (both showed as the largest Avro costs of the merge).
 *
 * <p>The bytes are exactly what the configured serde writes: the codec learns the schema id from the serde's own
 * output for the first node and uses its fast path only once its encoding of that node is byte-identical to the
 * serde's. Frames with another schema id (written before a schema change, or by another writer) are decoded
 * through the serde. With {@code use.latest.version} the serde may project records onto another schema, so the
 * codec then always goes through the serde.
 *
 * <p>Not thread-safe (it reuses its buffers): one instance per processor.
 */
public final class NodeCodec {

    private static final int UNKNOWN = -1;
    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int DOUBLE = 2;
    private static final int STRING = 3;
    private static final int LINK = 4;

    private final Serializer<io.gunstream.schemas.avro.GunNode> serializer;
    private final Deserializer<io.gunstream.schemas.avro.GunNode> deserializer;
    private final String topic;
    private final boolean fastAllowed;
    private final Buffer out = new Buffer();
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private int fastId = UNKNOWN;

    /**
     * @param serde       the configured {@code GunNode} serde of the nodes topic
     * @param topic       the topic whose subject gives the schema id (the nodes topic)
     * @param fastAllowed false when the serde may write another schema than the record's (use.latest.version)
     */
    public NodeCodec(final Serde<io.gunstream.schemas.avro.GunNode> serde, final String topic, final boolean fastAllowed) {
        this.serializer = serde.serializer();
        this.deserializer = serde.deserializer();
        this.topic = Objects.requireNonNull(topic, "topic");
        this.fastAllowed = fastAllowed;
    }

    /** The node as a Confluent-framed Avro {@code GunNode}. */
    public byte[] encode(final GunNode node) {
        if (fastId != UNKNOWN) {
            return fastEncode(fastId, node);
        }
        final byte[] framed = serializer.serialize(topic, GunAvro.toAvro(node));
        learn(framed, node);
        return framed;
    }

    /** The node in a Confluent-framed Avro {@code GunNode}, or null for null. */
    public GunNode decode(final byte[] framed) {
        if (framed == null) {
            return null;
        }
        if (fastId != UNKNOWN && framed.length >= WireFormat.HEADER_LENGTH && framed[0] == WireFormat.MAGIC_BYTE
                && WireFormat.schemaId(framed) == fastId) {
            return fastDecode(framed);
        }
        final GunNode node = GunAvro.toCore(deserializer.deserialize(topic, framed));
        if (fastId == UNKNOWN) {
            learn(framed, node);
        }
        return node;
    }

    /** True once the fast path is in use (visible for tests). */
    boolean fast() {
        return fastId != UNKNOWN;
    }

    private void learn(final byte[] framed, final GunNode node) {
        if (!fastAllowed) {
            return;
        }
        final int id = WireFormat.schemaId(framed);
        if (Arrays.equals(framed, fastEncode(id, node))) {
            fastId = id;
        }
    }

    private byte[] fastEncode(final int schemaId, final GunNode node) {
        encoder = startFrame(out, schemaId, encoder);
        try {
            final String soul = node.soul();
            encoder.writeString(GunAvro.requireWellFormed(soul, soul, null, "soul"));
            writeFields(encoder, soul, node.fields());
            encoder.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot encode node '" + node.soul() + "' in memory", e);
        }
        return out.toByteArray();
    }

    /** Resets {@code out} to a Confluent header for {@code schemaId} and returns an encoder appending to it. */
    static BinaryEncoder startFrame(final Buffer out, final int schemaId, final BinaryEncoder reuse) {
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        return EncoderFactory.get().directBinaryEncoder(out, reuse);
    }

    /** An Avro {@code array<GunField>} as SpecificDatumWriter writes it: one block with the count (none when empty), then 0. */
    static void writeFields(final BinaryEncoder encoder, final String soul, final Map<String, FieldState> fields) throws IOException {
        encoder.writeArrayStart();
        encoder.setItemCount(fields.size());
        for (final Map.Entry<String, FieldState> e : fields.entrySet()) {
            final String key = e.getKey();
            encoder.startItem();
            encoder.writeString(GunAvro.requireWellFormed(key, soul, key, "key"));
            encoder.writeDouble(e.getValue().state());
            writeValue(encoder, e.getValue().value(), soul, key);
        }
        encoder.writeArrayEnd();
    }

    private static void writeValue(final BinaryEncoder encoder, final GunValue value, final String soul, final String key)
            throws IOException {
        if (value instanceof GunValue.Bool b) {
            encoder.writeIndex(BOOLEAN);
            encoder.writeBoolean(b.value());
        } else if (value instanceof GunValue.Num n) {
            encoder.writeIndex(DOUBLE);
            encoder.writeDouble(n.value());
        } else if (value instanceof GunValue.Str s) {
            encoder.writeIndex(STRING);
            encoder.writeString(GunAvro.requireWellFormed(s.value(), soul, key, "string value"));
        } else if (value instanceof GunValue.Link l) {
            encoder.writeIndex(LINK);
            encoder.writeString(GunAvro.requireWellFormed(l.soul(), soul, key, "link soul"));
        } else {
            encoder.writeIndex(NULL);
        }
    }

    private GunNode fastDecode(final byte[] framed) {
        decoder = DecoderFactory.get().binaryDecoder(framed, WireFormat.HEADER_LENGTH,
                framed.length - WireFormat.HEADER_LENGTH, decoder);
        String soul = null;
        try {
            soul = decoder.readString();
            long n = decoder.readArrayStart();
            // sized by the first block (the serde writes one); bounded so a corrupt count cannot claim memory
            final GunNode.Builder fields = GunNode.builder(soul, (int) Math.min(n, 256));
            for (; n > 0; n = decoder.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    final String key = decoder.readString();
                    final double state = decoder.readDouble();
                    final GunValue value = readValue(soul, key);
                    if (!fields.putNew(key, new FieldState(state, value))) {
                        throw new InvalidRecordException(InvalidRecordException.DUPLICATE_KEY, soul, key,
                                "a node or delta holds each key once");
                    }
                }
            }
            return fields.build();
        } catch (final IOException | RuntimeException e) {
            if (e instanceof InvalidRecordException || e instanceof io.gunstream.core.graph.InvalidGraphException) {
                throw (RuntimeException) e;
            }
            throw new InvalidRecordException(InvalidRecordException.MISSING_PART, soul, null,
                    "stored node of " + framed.length + " bytes is not a GunNode of schema id " + fastId + ": " + e);
        }
    }

    private GunValue readValue(final String soul, final String key) throws IOException {
        final int branch = decoder.readIndex();
        return switch (branch) {
            case NULL -> GunValue.NULL;
            case BOOLEAN -> GunValue.of(decoder.readBoolean());
            case DOUBLE -> GunValue.of(decoder.readDouble());
            case STRING -> GunValue.of(decoder.readString());
            case LINK -> GunValue.link(decoder.readString());
            default -> throw new InvalidRecordException(InvalidRecordException.UNSUPPORTED_VALUE_TYPE, soul, key,
                    "union branch " + branch + " is not a Gun value type");
        };
    }

    /**
     * A reusable in-memory output (reset per record); its array is copied out once per record. Not a
     * {@code ByteArrayOutputStream}: Avro's direct encoder makes one {@code write} call per value, and that class's
     * {@code synchronized} writes cost a lock per call (no biased locking since JDK 15) for a buffer one thread owns.
     */
    static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[256];
        private int count;

        void reset() {
            count = 0;
        }

        @Override
        public void write(final int b) {
            if (count == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len > bytes.length - count) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + len));
            }
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
        }
    }
}
