package io.gunstream.streams.merge;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.ham.DeferredField;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.core.ham.MachineClock;
import io.gunstream.core.ham.NodeMerge;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.streams.StoreNames;
import io.gunstream.streams.defer.DeferredFields;
import io.gunstream.streams.split.Routed;
import io.gunstream.streams.split.SoulPattern;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Merges realtime deltas into the {@link StoreNames#NODES} store with gun-core's {@link HamMerge}. Emits the winning
 * fields of each delta (to the child {@link #CHANGES}, keeping the delta's origin for echo prevention) and the full
 * merged node (to {@link #NODES}) when the store's record cache flushes it, i.e. the latest node of each changed soul
 * per commit, as a KTable emits ({@link NodesOnFlush}); both already encoded as their topics' serdes write them (see
 * {@link NodeCodec}, {@link ChangeCodec}); a delta that changes nothing emits nothing. Fields ahead of the machine state are
 * parked in {@link StoreNames#DEFERRED} and applied, re-checked against the state of that time, by a wall-clock
 * punctuator or before the next delta once they are due.
 *
 * <p>The machine state comes from the task's wall clock ({@code ProcessorContext#currentSystemTimeMs}), so tests
 * drive it with {@code TopologyTestDriver#advanceWallClockTime}.
 */
public final class HamMergeProcessor implements ProcessorSupplier<String, Routed.Realtime, String, byte[]> {

    /** Child (sink) for the winning fields: Confluent-framed {@code GunDelta} bytes of the changes topic. */
    public static final String CHANGES = "changes";
    /** Child (sink) for the full merged node: Confluent-framed {@code GunNode} bytes of the nodes topic, or null (tombstone). */
    public static final String NODES = "nodes";

    private final Serde<io.gunstream.schemas.avro.GunNode> nodeSerde;
    private final String nodesTopic;
    private final boolean fastCodec;
    private final Serde<GunDelta> deltaSerde;
    private final String changesTopic;
    private final double driftMs;
    private final Duration punctuateInterval;
    private final List<SoulPattern> tombstoneSouls;

    /**
     * @param nodeSerde  the configured serde of the nodes topic; the node store holds exactly the bytes it writes
     * @param nodesTopic the nodes topic (its subject gives the schema id of the stored and emitted nodes)
     * @param fastCodec  false when the serde may project onto another schema (use.latest.version), see {@link NodeCodec}
     */
    public HamMergeProcessor(final Serde<io.gunstream.schemas.avro.GunNode> nodeSerde, final String nodesTopic,
                             final boolean fastCodec, final Serde<GunDelta> deltaSerde, final String changesTopic,
                             final double driftMs, final Duration punctuateInterval, final List<SoulPattern> tombstoneSouls) {
        this.nodeSerde = nodeSerde;
        this.nodesTopic = nodesTopic;
        this.fastCodec = fastCodec;
        this.changesTopic = changesTopic;
        this.deltaSerde = deltaSerde;
        this.driftMs = driftMs;
        this.punctuateInterval = punctuateInterval;
        this.tombstoneSouls = List.copyOf(tombstoneSouls);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                // Bytes, not GunNode records: the merge encodes a node once for this store and the nodes topic
                // (the same Confluent-framed Avro either way) and decodes it without Avro records (NodeCodec).
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.NODES), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEFERRED), Serdes.String(), deltaSerde));
    }

    @Override
    public Processor<String, Routed.Realtime, String, byte[]> get() {
        return new MergeProcessor();
    }

    private final class MergeProcessor implements Processor<String, Routed.Realtime, String, byte[]> {

        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> nodes;
        private NodeCodec codec;
        private ChangeCodec changes;
        private DeferredFields deferred;
        private MachineClock clock;

        @Override
        public void init(final ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.nodes = context.getStateStore(StoreNames.NODES);
            this.codec = new NodeCodec(nodeSerde, nodesTopic, fastCodec);
            this.changes = new ChangeCodec(deltaSerde, changesTopic, fastCodec);
            this.deferred = new DeferredFields(context.getStateStore(StoreNames.DEFERRED));
            this.clock = new MachineClock(context::currentSystemTimeMs, driftMs);
            NodesOnFlush.install(context, nodes, NODES,
                    flushed -> isTombstone(flushed.key(), flushed.value()) ? flushed.withValue(null) : flushed);
            context.schedule(punctuateInterval, PunctuationType.WALL_CLOCK_TIME, now -> applyDue(clock.now(), now));
        }

        @Override
        public void process(final Record<String, Routed.Realtime> record) {
            final double machineState = clock.now();
            applyDue(machineState, record.timestamp());
            merge(record.value().delta(), record.value().node(), machineState, record.timestamp());
        }

        private void applyDue(final double machineState, final long timestamp) {
            if (!deferred.anyDue(machineState)) {
                return;
            }
            for (final GunDelta parked : deferred.takeDue(machineState)) {
                merge(parked, GunAvro.toCore(parked), machineState, timestamp);
            }
        }

        private void merge(final GunDelta delta, final GunNode incoming, final double machineState, final long timestamp) {
            final String soul = incoming.soul();
            final NodeMerge result = HamMerge.merge(codec.decode(nodes.get(soul)), incoming, machineState);
            for (final DeferredField field : result.deferred()) {
                deferred.park(field, delta);
            }
            if (!result.changed()) {
                return;
            }
            final byte[] merged = codec.encode(result.merged());
            nodes.put(soul, merged);
            final byte[] change = changes.encode(soul, result.diff().fields(), delta.getOrigin(), delta.getReceivedAt());
            context.forward(new Record<>(soul, change, timestamp), CHANGES);
            // The node itself goes to NODES when the store's cache flushes it (NodesOnFlush).
        }

        private boolean isTombstone(final String soul, final byte[] node) {
            return tombstoneSouls.stream().anyMatch(p -> p.matches(soul)) && codec.decode(node).isAllNull();
        }
    }
}
