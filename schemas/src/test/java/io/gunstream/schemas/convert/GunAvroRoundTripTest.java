package io.gunstream.schemas.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.registry.InMemorySchemaRegistry;
import io.gunstream.schemas.serde.GunAvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * gun-core → Avro → Confluent-framed bytes → Avro → gun-core gives back the same graph, compared strictly: same
 * field order, same value types, same double bits (so -0 stays -0, which gun-core's JavaScript-style equality
 * would not notice).
 */
class GunAvroRoundTripTest {

    private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
    private static final GunAvroSerde<GunDelta> DELTAS = configured(GunAvroSerde.specific(GunDelta.class, REGISTRY));
    private static final GunAvroSerde<io.gunstream.schemas.avro.GunNode> NODES =
            configured(GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class, REGISTRY));

    @AfterContainer
    static void close() {
        DELTAS.close();
        NODES.close();
    }

    @Property(tries = 2000)
    void deltaRoundTripsThroughTheWireFormat(@ForAll("nodes") final GunNode node, @ForAll("origins") final Origin origin,
                                             @ForAll("instants") final Instant received) {
        final GunDelta avro = GunAvro.toDelta(node, origin, received);
        final byte[] bytes = DELTAS.serializer().serialize("gun.deltas", avro);
        final GunDelta back = DELTAS.deserializer().deserialize("gun.deltas", bytes);

        assertThat(back).isEqualTo(avro);
        assertStrictlyEqual(GunAvro.toCore(back), node);
        assertThat(back.getOrigin()).isEqualTo(origin);
        assertThat(back.getReceivedAt()).isEqualTo(received);
    }

    @Property(tries = 1000)
    void nodeRoundTripsThroughTheWireFormat(@ForAll("nodes") final GunNode node) {
        final byte[] bytes = NODES.serializer().serialize("gun.nodes", GunAvro.toAvro(node));
        assertStrictlyEqual(GunAvro.toCore(NODES.deserializer().deserialize("gun.nodes", bytes)), node);
    }

    @Provide
    Arbitrary<GunNode> nodes() {
        return GunArbitraries.nodes();
    }

    @Provide
    Arbitrary<Origin> origins() {
        return GunArbitraries.origins();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return GunArbitraries.instants();
    }

    /** Equality that also sees field order, value classes and the raw bits of every double. */
    static void assertStrictlyEqual(final GunNode actual, final GunNode expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(new ArrayList<>(actual.fields().keySet())).containsExactlyElementsOf(expected.fields().keySet());
        assertThat(fingerprint(actual)).containsExactlyElementsOf(fingerprint(expected));
    }

    private static List<String> fingerprint(final GunNode node) {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<String, FieldState> e : node.fields().entrySet()) {
            final GunValue v = e.getValue().value();
            final String value = v instanceof GunValue.Num n ? "num:" + Long.toHexString(Double.doubleToRawLongBits(n.value()))
                    : v.getClass().getSimpleName() + ":" + v;
            out.add(e.getKey() + "|" + Long.toHexString(Double.doubleToRawLongBits(e.getValue().state())) + "|" + value);
        }
        return out;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> GunAvroSerde<T> configured(final GunAvroSerde<T> serde) {
        serde.configure(Map.of(), false);
        return serde;
    }
}
