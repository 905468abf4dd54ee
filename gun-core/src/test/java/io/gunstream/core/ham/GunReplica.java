package io.gunstream.core.ham;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import java.util.ArrayList;
import java.util.EnumMap;
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
    private int subMillisecondOverlaps;
    private int duplicatesDropped;
    private int ties;
    private final Map<HamOutcome, Integer> outcomes = new EnumMap<>(HamOutcome.class);

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
            duplicatesDropped++;
            return false;
        }
        for (final GunNode node : put.values()) {
            if (node.isEmpty()) {
                continue;
            }
            final double machineState = clock.now();
            double lastMachineState = machineState;
            for (int i = 1; i < node.fields().size(); i++) {
                lastMachineState = clock.now();
            }
            final GunNode current = graph.get(node.soul());
            for (final Map.Entry<String, FieldState> f : node.fields().entrySet()) {
                final double state = f.getValue().state();
                if (state > machineState && state <= lastMachineState) {
                    subMillisecondOverlaps++;
                }
                final FieldState was = current == null ? null : current.fields().get(f.getKey());
                outcomes.merge(HamMerge.decide(was, f.getValue(), machineState), 1, Integer::sum);
                if (was != null && was.state() == state) {
                    ties++;
                }
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

    /**
     * How many fields had a state inside the sub-millisecond increments gun.js's per-key {@code State()} added
     * while the node was merged with one machine state; only there could the two decide differently.
     */
    int subMillisecondOverlaps() {
        return subMillisecondOverlaps;
    }

    /** Decisions on delivered fields (first attempts, not retries of parked ones), for test statistics. */
    Map<HamOutcome, Integer> outcomes() {
        return outcomes;
    }

    /** Delivered fields whose state equalled the current one (the tie-break decided them). */
    int ties() {
        return ties;
    }

    int duplicatesDropped() {
        return duplicatesDropped;
    }

    Map<String, GunNode> graph() {
        return graph;
    }

    List<DeferredField> parked() {
        return List.copyOf(parked);
    }
}
