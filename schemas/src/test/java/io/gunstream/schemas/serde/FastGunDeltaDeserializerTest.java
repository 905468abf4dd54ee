package io.gunstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunField;
import io.gunstream.schemas.avro.GunLink;
import io.gunstream.schemas.avro.GunValue;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/** The one-pass reader must return exactly what {@link GunAvroDeserializer} returns, and fail exactly as it fails. */
class FastGunDeltaDeserializerTest {

    private static final String TOPIC = "gun.deltas";
    private static final String[] TEXT = {"", "a", "people/ann", "ünï/çødé ☃", "x".repeat(200), "{\"#\":\"q\"}", "\u0000"};

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(7);
    private final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class, registry);
    private final FastGunDeltaDeserializer fast;

    FastGunDeltaDeserializerTest() {
        serde.configure(Map.of(), false);
        fast = new FastGunDeltaDeserializer(serde.deserializer());
    }

    @Test
    void readsEveryRandomDeltaAsTheSerdeDoesAndOnItsOwnPath() {
        final Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            final byte[] frame = serde.serializer().serialize(TOPIC, randomDelta(random));
            final GunDelta expected = serde.deserializer().deserialize(TOPIC, frame);
            assertThat(FastGunDeltaDeserializer.readFast(frame)).as("delta %d", i).isEqualTo(expected);
            assertThat(fast.deserialize(TOPIC, frame)).as("delta %d", i).isEqualTo(expected);
        }
        assertThat(fast.readsFast(WireFormat.schemaId(serde.serializer().serialize(TOPIC, randomDelta(random))))).isTrue();
    }

    @Test
    void damagedFramesFailWithTheSerdesErrorOrReadAsItReadsThem() {
        final Random random = new Random(7);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            final byte[] frame = damage(serde.serializer().serialize(TOPIC, randomDelta(random)), random);
            final Object expected = outcome(() -> serde.deserializer().deserialize(TOPIC, frame));
            final GunDelta own = FastGunDeltaDeserializer.readFast(frame);
            if (own != null) {
                // What the own reader accepts, the serde reads identically: it never lets through what the serde refuses.
                assertThat(expected).as("damaged frame %d: %s", i, Arrays.toString(frame)).isEqualTo(own);
            }
            assertThat(outcome(() -> fast.deserialize(TOPIC, frame))).as("damaged frame %d", i).isEqualTo(expected);
            refused += expected instanceof String ? 1 : 0;
        }
        // The damage must be real: most damaged frames are refused.
        assertThat(refused).isGreaterThan(10_000);
    }

    @Test
    void framesOfAnotherWriterSchemaGoThroughTheSerde() throws java.io.IOException {
        final Schema withNote = new Schema.Parser().parse(GunDelta.getClassSchema().toString()
                .replace("\"name\":\"received_at\"", "\"name\":\"note\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"received_at\""));
        final GunAvroSerde<GenericRecord> writer = GunAvroSerde.generic(withNote, registry);
        writer.configure(Map.of(), false);
        final GunDelta delta = randomDelta(new Random(1));
        // The same delta as a record of the other schema: its bytes read with that schema as reader, plus a note.
        final byte[] specific = serde.serializer().serialize(TOPIC, delta);
        final GenericRecord record = new GenericDatumReader<GenericRecord>(GunDelta.getClassSchema(), withNote).read(null,
                DecoderFactory.get().binaryDecoder(specific, WireFormat.HEADER_LENGTH, specific.length - WireFormat.HEADER_LENGTH, null));
        record.put("note", "hello");
        final byte[] frame = writer.serializer().serialize(TOPIC, record);

        assertThat(WireFormat.schemaId(frame)).isNotEqualTo(WireFormat.schemaId(specific));
        assertThat(fast.deserialize(TOPIC, frame)).isEqualTo(delta);
        assertThat(fast.deserialize(TOPIC, frame)).isEqualTo(delta);
        assertThat(fast.readsFast(WireFormat.schemaId(frame))).isFalse();
    }

    /** The record, or the failure as "reason: message" (GunSerializationException) — anything else fails the test. */
    private static Object outcome(final java.util.function.Supplier<GunDelta> read) {
        final Throwable thrown = catchThrowable(read::get);
        if (thrown == null) {
            return read.get();
        }
        assertThat(thrown).isInstanceOf(GunSerializationException.class);
        final GunSerializationException e = (GunSerializationException) thrown;
        return e.reason() + ": " + e.getMessage();
    }

    private static byte[] damage(final byte[] frame, final Random random) {
        final int at = WireFormat.HEADER_LENGTH + random.nextInt(frame.length - WireFormat.HEADER_LENGTH);
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(frame, at); // truncated
            case 1 -> { // one byte changed
                final byte[] copy = frame.clone();
                copy[at] = (byte) random.nextInt(256);
                yield copy;
            }
            case 2 -> { // a byte more at the end
                final byte[] copy = Arrays.copyOf(frame, frame.length + 1);
                copy[frame.length] = (byte) random.nextInt(256);
                yield copy;
            }
            default -> { // a byte more in the middle
                final byte[] copy = new byte[frame.length + 1];
                System.arraycopy(frame, 0, copy, 0, at);
                copy[at] = (byte) random.nextInt(256);
                System.arraycopy(frame, at, copy, at + 1, frame.length - at);
                yield copy;
            }
        };
    }

    private static GunDelta randomDelta(final Random random) {
        final List<GunField> fields = new ArrayList<>();
        final int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            final Object value = switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> random.nextBoolean();
                case 2 -> random.nextBoolean() ? random.nextDouble() * 1e6 : new double[] {-0.0, 1e300, -3.5, 0}[random.nextInt(4)];
                case 3 -> new GunLink(text(random) + "/" + i);
                default -> text(random);
            };
            fields.add(new GunField("k" + i + text(random), random.nextDouble() * 2e12, new GunValue(value)));
        }
        return new GunDelta(text(random) + "soul", fields,
                new Origin(SourceKind.values()[random.nextInt(SourceKind.values().length)], text(random),
                        random.nextBoolean() ? null : text(random), random.nextBoolean() ? null : text(random)),
                Instant.ofEpochMilli(random.nextLong() >>> 20));
    }

    private static String text(final Random random) {
        return TEXT[random.nextInt(TEXT.length)];
    }
}
