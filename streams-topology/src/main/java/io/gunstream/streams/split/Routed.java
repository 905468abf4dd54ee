package io.gunstream.streams.split;

import io.gunstream.core.graph.GunNode;
import io.gunstream.schemas.avro.GunDelta;

/** A delta after validation and classification, as {@link DeltaRouter} hands it to the merge. In-memory only, never serialized. */
public sealed interface Routed permits Routed.Realtime {

    /** A valid delta to a realtime soul, with its fields as a gun-core node, bound for the HAM merge. */
    record Realtime(GunDelta delta, GunNode node) implements Routed {
        public Realtime {
            if (delta == null || node == null) {
                throw new IllegalArgumentException("delta and node must not be null");
            }
        }
    }
}
