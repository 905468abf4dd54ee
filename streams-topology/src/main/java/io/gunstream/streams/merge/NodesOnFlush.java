package io.gunstream.streams.merge;

import java.util.function.UnaryOperator;
import org.apache.kafka.streams.kstream.internals.Change;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Sends the node store's entries to the nodes topic when Kafka Streams' record cache flushes them (at each commit,
 * or when the cache evicts), the way a DSL {@code KTable} emits its updates: a soul merged many times between two
 * commits is written to {@code gun.nodes} once, with its latest node. Under {@code exactly_once_v2} nothing the task
 * writes is visible before the commit anyway, so a {@code read_committed} consumer of the compacted topic sees the
 * same latest nodes at the same time, with far fewer records; every merge result stays in {@code gun.changes}. With
 * {@code statestore.cache.max.bytes=0} every put is flushed at once (one node per changing delta).
 *
 * <p>Why internal Kafka Streams types: the Processor API has no public hook for the cache flush; this is the
 * mechanism the DSL's own KTable processors use ({@code TimestampedCacheFlushListener}), pinned by the build's Kafka
 * version and covered by the merge tests.
 */
final class NodesOnFlush implements CacheFlushListener<String, byte[]> {

    private final InternalProcessorContext<String, byte[]> context;
    private final ProcessorNode<?, ?, ?, ?> mergeNode;
    private final String child;
    private final UnaryOperator<Record<String, byte[]>> toNodesRecord;

    private NodesOnFlush(final InternalProcessorContext<String, byte[]> context, final String child,
                         final UnaryOperator<Record<String, byte[]>> toNodesRecord) {
        this.context = context;
        this.mergeNode = context.currentNode();
        this.child = child;
        this.toNodesRecord = toNodesRecord;
    }

    /**
     * Installs the listener on {@code store}, which must be a Kafka Streams store with a record cache. Must be called
     * from the processor's {@code init} (the flush forwards as that processor).
     *
     * @param toNodesRecord maps the flushed entry (key soul, value the stored node bytes) to the record for
     *                      {@code child}, e.g. a tombstone for an all-null node
     * @throws IllegalStateException when the hook is not there (an uncached store, or Kafka Streams internals that
     *                               changed with an upgrade): without it no node would ever reach {@code child}
     */
    static void install(final ProcessorContext<String, byte[]> context, final KeyValueStore<String, byte[]> store,
                        final String child, final UnaryOperator<Record<String, byte[]>> toNodesRecord) {
        if (!(context instanceof InternalProcessorContext<String, byte[]> internal)
                || !(store instanceof WrappedStateStore<?, ?, ?> wrapped)) {
            throw new IllegalStateException("cannot send the node store's flushes to '" + child + "': the processor context or store"
                    + " is not the Kafka Streams implementation this build was made for (see NodesOnFlush)");
        }
        @SuppressWarnings("unchecked")
        final WrappedStateStore<?, String, byte[]> typed = (WrappedStateStore<?, String, byte[]>) wrapped;
        if (!typed.setFlushListener(new NodesOnFlush(internal, child, toNodesRecord), false)) {
            throw new IllegalStateException("the node store has no record cache, so its flushes cannot feed '" + child
                    + "': build it withCachingEnabled()");
        }
    }

    @Override
    public void apply(final Record<String, Change<byte[]>> flushed) {
        final byte[] node = flushed.value().newValue;
        if (node == null) {
            return; // the merge never deletes from the node store
        }
        // The cache flushes from the commit path, not from this processor: forward as the merge node, as the DSL does.
        final ProcessorNode<?, ?, ?, ?> previous = context.currentNode();
        context.setCurrentNode(mergeNode);
        try {
            context.forward(toNodesRecord.apply(new Record<>(flushed.key(), node, flushed.timestamp())), child);
        } finally {
            context.setCurrentNode(previous);
        }
    }
}
