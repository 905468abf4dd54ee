package io.gunstream.core.ham;

import io.gunstream.core.graph.GunNode;
import java.util.List;

/**
 * The result of merging an incoming node into the current one.
 *
 * @param merged   the node after the merge (the current node itself when nothing won)
 * @param diff     only the fields that won, i.e. what a relay or stream forwards; empty when nothing changed
 * @param deferred fields ahead of the machine state, in incoming order, to retry later
 */
public record NodeMerge(GunNode merged, GunNode diff, List<DeferredField> deferred) {

    public NodeMerge {
        if (merged == null || diff == null || deferred == null) {
            throw new IllegalArgumentException("merged, diff and deferred must not be null");
        }
        if (!merged.soul().equals(diff.soul())) {
            throw new IllegalArgumentException("diff soul '" + diff.soul() + "' differs from merged soul '" + merged.soul() + "'");
        }
        deferred = List.copyOf(deferred);
    }

    /** True when at least one field won (the diff is not empty). */
    public boolean changed() {
        return !diff.isEmpty();
    }
}
