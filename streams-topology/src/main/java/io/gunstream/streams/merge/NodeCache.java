package io.gunstream.streams.merge;

import io.gunstream.core.graph.GunNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded nodes of one merge task by soul, least recently used dropped first. It only ever holds what the task's
 * node store holds for a soul (a node read from it, or the node just written to it), so it spares the store read
 * and the decode, never the write. Lifecycle: one per processor {@code init()}, dropped in {@code close()}, so it
 * cannot outlive a task revival or an aborted transaction (the store is restored, the cache starts empty).
 * Not thread-safe.
 */
final class NodeCache {

    private final int maxEntries;
    private final Map<String, GunNode> nodes;

    NodeCache(final int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("node cache size must be >= 0, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        // Access order makes iteration order least- to most-recently used; removeEldestEntry keeps the bound.
        this.nodes = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, GunNode> eldest) {
                return size() > NodeCache.this.maxEntries;
            }
        };
    }

    /** The cached node of the soul, or null when it is not cached. */
    GunNode get(final String soul) {
        return maxEntries == 0 ? null : nodes.get(soul);
    }

    void put(final String soul, final GunNode node) {
        if (maxEntries > 0) {
            nodes.put(soul, node);
        }
    }

    void remove(final String soul) {
        nodes.remove(soul);
    }

    int size() {
        return nodes.size();
    }
}
