package io.gunstream.core.ham;

import io.gunstream.core.graph.GunNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test-side stand-in for one gun.js peer's in-memory graph, driven by {@link HamMerge}: applies puts,
 * parks deferred fields and retries all of them whenever the wall clock is moved (as the oracle fires gun's
 * parked timers). Message-id dedup is modelled here only by id (in gunstream it is the relay's job).
 */
final class GunReplica {

    private final Map<String, GunNode> graph = new LinkedHashMap<>();
    private final Set<String> seenMessageIds = new HashSet<>();
    private final MachineClock clock;
    private List<DeferredField> parked = new ArrayList<>();
    private long wall;

    GunReplica(final long wallMillis) {
        this.wall = wallMillis;
        this.clock = new MachineClock(() -> wall, 0);
    }

    /**
     * Applies one put message. Reads the machine state once per key, as gun's ham() does, so the clocks stay
     * in lock-step with gun's {@code State()}; the node merge uses the first of them.
     *
     * @return false when the message id was seen before (dropped as a duplicate)
     */
    boolean put(final String messageId, final Map<String, GunNode> put) {
        if (messageId != null && !seenMessageIds.add(messageId)) {
            return false;
        }
        for (final GunNode node : put.values()) {
            if (node.isEmpty()) {
                continue;
            }
            final double machineState = clock.now();
            for (int i = 1; i < node.fields().size(); i++) {
                clock.now();
            }
            apply(HamMerge.merge(graph.get(node.soul()), node, machineState));
        }
        return true;
    }

    /** Moves the wall clock and retries every parked field, in the order it was parked. */
    void clock(final long wallMillis) {
        setWall(wallMillis);
        fireParked();
    }

    /** Moves the wall clock only (parked fields wait for {@link #fireParked()}). */
    void setWall(final long wallMillis) {
        wall = wallMillis;
    }

    /** Retries every parked field, in the order it was parked, as gun's timers would; some may park again. */
    void fireParked() {
        final List<DeferredField> due = parked;
        parked = new ArrayList<>();
        for (final DeferredField d : due) {
            apply(HamMerge.merge(graph.get(d.soul()), d.asNode(), clock.now()));
        }
    }

    private void apply(final NodeMerge result) {
        if (result.changed()) {
            graph.put(result.merged().soul(), result.merged());
        }
        parked.addAll(result.deferred());
    }

    Map<String, GunNode> graph() {
        return graph;
    }

    List<DeferredField> parked() {
        return List.copyOf(parked);
    }
}
