package io.gunstream.streams.testing;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import java.time.Instant;

/** Small builders for test deltas. */
public final class Deltas {

    private Deltas() {
    }

    public static Origin origin(final String relay) {
        return Origin.newBuilder().setKind(SourceKind.RELAY).setRelayId(relay).build();
    }

    /** A delta to {@code soul} from relay {@code r1}: alternating key, state, value (String, Double, Boolean, null). */
    public static GunDelta delta(final String soul, final Object... keyStateValue) {
        return deltaFrom("r1", soul, keyStateValue);
    }

    public static GunDelta deltaFrom(final String relay, final String soul, final Object... keyStateValue) {
        final GunNode.Builder node = GunNode.builder(soul);
        for (int i = 0; i < keyStateValue.length; i += 3) {
            node.put((String) keyStateValue[i], ((Number) keyStateValue[i + 1]).doubleValue(), value(keyStateValue[i + 2]));
        }
        return GunAvro.toDelta(node.build(), origin(relay), Instant.ofEpochMilli(1_700_000_000_000L));
    }

    public static GunValue value(final Object v) {
        if (v == null) {
            return GunValue.NULL;
        }
        if (v instanceof GunValue g) {
            return g;
        }
        if (v instanceof String s) {
            return GunValue.of(s);
        }
        if (v instanceof Boolean b) {
            return GunValue.of(b);
        }
        return GunValue.of(((Number) v).doubleValue());
    }
}
