package io.gunstream.relay.get;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.core.ham.NodeMerge;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's copy of merged state: soul → full node, fed from the compacted nodes topic at start and from
 * every change afterwards. Merging uses HAM with an infinite machine state: the streams app already decided
 * what won (and when deferred states became due), the cache only has to converge on the same fields in any
 * order. Thread-safe.
 *
 * <p>When the cache holds all souls ({@code complete}, after a warm-up from the nodes topic), a change for an
 * unknown soul starts a new node, which is then the whole node; otherwise changes only update souls already
 * known whole (installed from the query API), so a partial node is never served as if it were complete.
 */
public final class NodeCache {

    private final Map<String, GunNode> nodes = new ConcurrentHashMap<>();
    private volatile boolean complete;

    /** Marks the cache as holding every soul (after reading the nodes topic to its end). */
    public void markComplete() {
        complete = true;
    }

    public boolean complete() {
        return complete;
    }

    public Optional<GunNode> get(final String soul) {
        return Optional.ofNullable(nodes.get(soul));
    }

    /** A whole node (from the nodes topic or the query API): merged with what is there. */
    public void install(final GunNode node) {
        nodes.merge(node.soul(), node, (current, incoming) -> HamMerge.merge(current, incoming, Double.POSITIVE_INFINITY).merged());
    }

    /** A tombstone on the nodes topic. */
    public void remove(final String soul) {
        nodes.remove(soul);
    }

    /**
     * Applies a change; returns the fields that were new to the cache, or empty when the soul is not tracked
     * (the caller then forwards the change as it is).
     */
    public Optional<GunNode> apply(final GunNode change) {
        final NodeMerge[] result = new NodeMerge[1];
        nodes.compute(change.soul(), (soul, current) -> {
            if (current == null && !complete) {
                return null;
            }
            result[0] = HamMerge.merge(current, change, Double.POSITIVE_INFINITY);
            return result[0].merged();
        });
        return result[0] == null ? Optional.empty() : Optional.of(result[0].diff());
    }

    public int size() {
        return nodes.size();
    }
}
