package io.gunstream.streams.merge;


/** What the merge emits for one soul: the winning fields and the full node. In-memory only. */
public sealed interface MergeOutput permits MergeOutput.Change, MergeOutput.NodeState {

    /**
     * Only the fields that won HAM, with the origin of the delta they came from, as the changes topic's serde writes
     * that {@code GunDelta} (Confluent-framed Avro); bound for the changes topic.
     */
    record Change(byte[] delta) implements MergeOutput {
        public Change {
            if (delta == null) {
                throw new IllegalArgumentException("delta must not be null");
            }
        }
    }

    /**
     * The full merged node as the nodes topic's serde writes it (Confluent-framed Avro {@code GunNode}, encoded once
     * for the node store and the topic), or null for a tombstone.
     */
    record NodeState(byte[] node) implements MergeOutput {
    }
}
