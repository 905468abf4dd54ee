package io.gunstream.streams.split;

import io.gunstream.core.graph.GunNode;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Reject;

/** A delta after validation and classification: where {@link DeltaRouter} sends it. In-memory only, never serialized. */
public sealed interface Routed permits Routed.Realtime, Routed.Entropy, Routed.Log, Routed.Rejected {

    /** A valid delta to a realtime soul, with its fields as a gun-core node, bound for the HAM merge. */
    record Realtime(GunDelta delta, GunNode node) implements Routed {
        public Realtime {
            if (delta == null || node == null) {
                throw new IllegalArgumentException("delta and node must not be null");
            }
        }
    }

    /** One entropy sample (one field of a delta to an entropy soul); the record key is its source. */
    record Entropy(EntropySample sample) implements Routed {
        public Entropy {
            if (sample == null) {
                throw new IllegalArgumentException("sample must not be null");
            }
        }
    }

    /** One log line (one field of a delta to a log soul); the record key is its source. */
    record Log(LogEntry entry) implements Routed {
        public Log {
            if (entry == null) {
                throw new IllegalArgumentException("entry must not be null");
            }
        }
    }

    /** A refused delta, bound for the rejects topic. */
    record Rejected(Reject reject) implements Routed {
        public Rejected {
            if (reject == null) {
                throw new IllegalArgumentException("reject must not be null");
            }
        }
    }
}
