package io.gunstream.streams.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.testing.RegistryExtension;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RegistryExtension.class)
class ChangeCodecTest {

    private final GunAvroSerde<GunDelta> serde;

    ChangeCodecTest(final RegistryExtension.Stack stack) {
        serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    }

    @Test
    void writesExactlyWhatTheSerdeWritesForTheSameDelta() {
        final ChangeCodec codec = new ChangeCodec(serde, GunTopics.CHANGES, true);
        final Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            final String soul = "souls/" + random.nextInt(100) + (random.nextBoolean() ? "/ä" : "");
            final Map<String, FieldState> fields = new LinkedHashMap<>();
            for (int f = random.nextInt(5); f >= 0; f--) {
                fields.put("k" + random.nextInt(20), new FieldState(random.nextDouble() * 1e12, switch (random.nextInt(5)) {
                    case 0 -> GunValue.NULL;
                    case 1 -> GunValue.of(random.nextBoolean());
                    case 2 -> GunValue.of(random.nextGaussian());
                    case 3 -> GunValue.of("s€" + random.nextInt());
                    default -> GunValue.link("l/" + random.nextInt(9));
                }));
            }
            final Origin origin = Origin.newBuilder()
                    .setKind(SourceKind.values()[random.nextInt(SourceKind.values().length)])
                    .setRelayId("relay-" + random.nextInt(3))
                    .setPeerId(random.nextBoolean() ? null : "peer-" + random.nextInt(1000))
                    .setMessageId(random.nextBoolean() ? null : "msg-" + random.nextLong())
                    .build();
            final Instant receivedAt = Instant.ofEpochMilli(random.nextLong(0, 4_000_000_000_000L)).plusNanos(random.nextInt(999_999));
            final byte[] expected = serde.serializer().serialize(GunTopics.CHANGES,
                    new GunDelta(soul, GunAvro.toAvroFields(soul, fields), origin, receivedAt));
            assertThat(codec.encode(soul, fields, origin, receivedAt)).isEqualTo(expected);
            assertThat(serde.deserializer().deserialize(GunTopics.CHANGES, expected).getSoul()).isEqualTo(soul);
        }
        assertThat(codec.fast()).isTrue();
    }
}
