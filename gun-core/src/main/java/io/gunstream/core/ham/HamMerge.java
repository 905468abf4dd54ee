package io.gunstream.core.ham;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.InvalidGraphException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HAM (Hypothetical Amnesia Machine) conflict resolution, decision for decision as gun.js 0.2020.1241 does it
 * in the private {@code ham()} of {@code src/root.js} (L119-L140). Pure functions: the machine state is a
 * parameter (see {@link MachineClock}); nothing here reads a clock or keeps state.
 *
 * <p>Per field, in this order: a state ahead of the machine state is deferred; a state below the current one
 * (missing = -Infinity) is historical; an equal state keeps the current value unless the incoming value's
 * {@code JSON.stringify} text is strictly greater (UTF-16 comparison); otherwise the incoming field wins.
 *
 * <p>gun.js reads {@code State()} once per key, so the keys of one message see machine states a few
 * {@code 1/999} ms apart; a node merge here uses one machine state for all its keys. The two differ only for a
 * state that falls inside those sub-millisecond increments.
 */
public final class HamMerge {

    /** gun.js's {@code MD}: the largest timer delay (2^31-1 ms); farther states are re-deferred after it. */
    public static final double MAX_DEFER_MS = 2147483647;

    private HamMerge() {
    }

    /**
     * Decides one field.
     *
     * @param current      the current field, or null when the node or key is unknown
     * @param incoming     the incoming field
     * @param machineState the local machine state now
     */
    public static HamOutcome decide(final FieldState current, final FieldState incoming, final double machineState) {
        requireMachineState(machineState);
        final double state = incoming.state();
        if (state > machineState) {
            return HamOutcome.DEFER;
        }
        final double was = current == null ? Double.NEGATIVE_INFINITY : current.state();
        if (state < was) {
            return HamOutcome.HISTORICAL;
        }
        if (state == was && (incoming.value().equals(current.value())
                || JsonOrder.compare(incoming.value(), current.value()) <= 0)) {
            return HamOutcome.CURRENT;
        }
        return HamOutcome.INCOMING;
    }

    /** gun.js's timer delay for a deferred state: {@code min(state - machineState, 2^31-1)}. */
    public static double retryDelayMs(final double state, final double machineState) {
        final double delay = state - machineState;
        return delay > MAX_DEFER_MS ? MAX_DEFER_MS : delay;
    }

    /**
     * Merges {@code incoming} into {@code current} field by field.
     *
     * @param current      the current node, or null when the soul is unknown
     * @param incoming     the incoming node (a delta: any subset of fields)
     * @param machineState the local machine state now
     * @throws InvalidGraphException if the two nodes have different souls
     */
    public static NodeMerge merge(final GunNode current, final GunNode incoming, final double machineState) {
        requireMachineState(machineState);
        final String soul = incoming.soul();
        if (current != null && !current.soul().equals(soul)) {
            throw new InvalidGraphException(GraphRule.SOUL_MISMATCH, soul, null,
                    "cannot merge into node '" + current.soul() + "'");
        }
        final Map<String, FieldState> currentFields = current == null ? Map.of() : current.fields();
        GunNode.Builder winners = null;
        List<DeferredField> deferred = null;
        for (final Map.Entry<String, FieldState> e : incoming.fields().entrySet()) {
            final FieldState field = e.getValue();
            switch (decide(currentFields.get(e.getKey()), field, machineState)) {
                case INCOMING -> {
                    if (winners == null) {
                        winners = GunNode.builder(soul, incoming.fields().size());
                    }
                    winners.put(e.getKey(), field);
                }
                case DEFER -> {
                    if (deferred == null) {
                        deferred = new ArrayList<>(2);
                    }
                    deferred.add(new DeferredField(soul, e.getKey(), field, field.state(),
                            retryDelayMs(field.state(), machineState)));
                }
                case CURRENT, HISTORICAL -> {
                    // dropped, exactly as gun.js returns from ham() without writing
                }
            }
        }
        final List<DeferredField> later = deferred == null ? List.of() : deferred;
        if (winners == null) {
            final GunNode unchanged = current == null ? GunNode.empty(soul) : current;
            return new NodeMerge(unchanged, GunNode.empty(soul), later);
        }
        final GunNode diff = winners.build();
        if (current == null) {
            return new NodeMerge(diff, diff, later);
        }
        // Existing keys keep their position and new keys are appended, as gun's State.ify does on a JS object.
        return new NodeMerge(current.toBuilder().putAll(diff).build(), diff, later);
    }

    private static void requireMachineState(final double machineState) {
        if (Double.isNaN(machineState)) {
            throw new IllegalArgumentException("machine state must be a number, got NaN");
        }
    }
}
