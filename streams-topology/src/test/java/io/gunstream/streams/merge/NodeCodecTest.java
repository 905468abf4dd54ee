package io.gunstream.streams.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.convert.InvalidRecordException;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.WireFormat;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.testing.RegistryExtension;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RegistryExtension.class)
class NodeCodecTest {

    private final GunAvroSerde<io.gunstream.schemas.avro.GunNode> serde;

    NodeCodecTest(final RegistryExtension.Stack stack) {
        serde = GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class);
        serde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
    }

    private byte[] serdeBytes(final GunNode node) {
        return serde.serializer().serialize(GunTopics.NODES, GunAvro.toAvro(node));
    }

    @Test
    void writesExactlyTheSerdesBytesAndReadsBackTheSameNode() {
        final NodeCodec codec = new NodeCodec(serde, GunTopics.NODES, true);
        final Random random = new Random(42);
        codec.encode(randomNode(random));
        assertThat(codec.fast()).as("learned the schema id from the serde's first frame").isTrue();
        for (int i = 0; i < 2_000; i++) {
            final GunNode node = randomNode(random);
            final byte[] fast = codec.encode(node);
            assertThat(fast).as("node %s", node).isEqualTo(serdeBytes(node));
            assertThat(codec.decode(fast)).isEqualTo(node);
        }
    }

    @Test
    void keepsFieldOrderSignedZeroAndEmptyNodes() {
        final NodeCodec codec = new NodeCodec(serde, GunTopics.NODES, true);
        final GunNode node = GunNode.builder("a/b").put("z", 2, GunValue.of(-0.0)).put("a", 1.5, GunValue.NULL)
                .put("m", 3, GunValue.link("x")).put("é☃𝄞", 4, GunValue.of("")).put("t", 5, GunValue.of(true)).build();
        codec.encode(node);
        final GunNode back = codec.decode(codec.encode(node));
        assertThat(back.fields().keySet()).containsExactly("z", "a", "m", "é☃𝄞", "t");
        assertThat(Double.doubleToRawLongBits(((GunValue.Num) back.fields().get("z").value()).value()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(codec.encode(GunNode.empty("e"))).isEqualTo(serdeBytes(GunNode.empty("e")));
        assertThat(codec.decode(codec.encode(GunNode.empty("e")))).isEqualTo(GunNode.empty("e"));
        assertThat(codec.decode(null)).isNull();
    }

    @Test
    void readsFramesOfOtherSchemaIdsThroughTheSerdeAndLearnsFromDecoding() {
        final GunNode node = GunNode.builder("s").put("k", 1, GunValue.of("v")).build();
        final byte[] framed = serdeBytes(node);
        final NodeCodec reader = new NodeCodec(serde, GunTopics.NODES, true);
        assertThat(reader.fast()).isFalse();
        assertThat(reader.decode(framed)).isEqualTo(node);
        assertThat(reader.fast()).as("a decoded frame that re-encodes identically teaches the id").isTrue();

        // the same body under another (unknown to the fast path) id goes through the serde, which asks the registry
        final byte[] foreign = Arrays.copyOf(framed, framed.length);
        WireFormat.writeHeader(foreign, WireFormat.schemaId(framed) + 100_000);
        assertThatThrownBy(() -> reader.decode(foreign)).hasMessageContaining(String.valueOf(WireFormat.schemaId(framed) + 100_000));
    }

    @Test
    void withoutTheFastPathEverythingGoesThroughTheSerde() {
        final NodeCodec codec = new NodeCodec(serde, GunTopics.NODES, false);
        final GunNode node = GunNode.builder("s").put("k", 1, GunValue.of(2)).build();
        assertThat(codec.encode(node)).isEqualTo(serdeBytes(node));
        assertThat(codec.decode(codec.encode(node))).isEqualTo(node);
        assertThat(codec.fast()).isFalse();
    }

    @Test
    void refusesLoneSurrogatesLikeTheAvroConversion() {
        final NodeCodec codec = new NodeCodec(serde, GunTopics.NODES, true);
        codec.encode(GunNode.builder("s").put("k", 1, GunValue.of(1)).build());
        assertThat(codec.fast()).isTrue();
        final GunNode bad = GunNode.builder("s").put("k", 1, GunValue.of("a\uD800b")).build();
        assertThatThrownBy(() -> codec.encode(bad)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("lone surrogate");
    }

    private static GunNode randomNode(final Random random) {
        final GunNode.Builder node = GunNode.builder("souls/" + random.nextInt(1000) + (random.nextBoolean() ? "/ü" : ""));
        final int fields = random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            final double state = random.nextBoolean() ? random.nextInt(1_000_000) : random.nextDouble() * 1e12;
            node.put("k" + random.nextInt(50) + (random.nextInt(5) == 0 ? "😀" : ""), state, switch (random.nextInt(5)) {
                case 0 -> GunValue.NULL;
                case 1 -> GunValue.of(random.nextBoolean());
                case 2 -> GunValue.of(random.nextBoolean() ? random.nextGaussian() * 1e6 : random.nextInt(100));
                case 3 -> GunValue.of("v" + "x".repeat(random.nextInt(200)) + (random.nextBoolean() ? "ß中" : ""));
                default -> GunValue.link("linked/" + random.nextInt(100));
            });
        }
        return node.build();
    }
}
