package io.gunstream.connect.gun.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The emitted fields of one (relay, root), advanced by the task only for records it returns from poll, in their
 * order: a {@link RootOffset} taken from it therefore covers nothing that was received but not returned.
 *
 * <p>The floor rises to {@code receivedAt - settleMs} with every record received while the subscription was
 * settled (no get unanswered, no new soul just linked): by then the relay has sent every field in scope that is
 * older than the settle window, and those fields sit in earlier records. A field that reaches the relay more than
 * the settle window after its state (a peer syncing old writes) is therefore not emitted by a restarted task. Above
 * the floor every emitted field is kept exactly, at most {@code maxFields}: beyond that the oldest states are folded
 * into the floor (when settled), or not recorded at all (while catching up), which re-emits them after a restart
 * (duplicates, harmless under HAM) rather than risk losing an unreceived field.
 *
 * <p>Not thread-safe: used by the task's poll thread only.
 */
final class OffsetTracker {

    private final long settleMs;
    private final int maxFields;
    private double floor;
    private final Map<String, Double> fields = new HashMap<>();

    OffsetTracker(final RootOffset start, final long settleMs, final int maxFields) {
        if (settleMs < 0 || maxFields < 1) {
            throw new IllegalArgumentException("settle window " + settleMs + " ms must be >= 0 and field cap " + maxFields + " >= 1");
        }
        this.settleMs = settleMs;
        this.maxFields = maxFields;
        this.floor = start.floor();
        this.fields.putAll(start.fields());
    }

    /**
     * A record of {@code soul} holding {@code fieldStates} is returned from poll.
     *
     * @param receivedAt wall clock (ms) when its message arrived from the relay
     * @param settled    whether the subscription was settled then (see class comment)
     */
    void emitted(final String soul, final Map<String, Double> fieldStates, final long receivedAt, final boolean settled) {
        fieldStates.forEach((key, state) -> {
            if (state > floor && (fields.size() < maxFields || settled || fields.containsKey(RootOffset.pair(soul, key)))) {
                fields.merge(RootOffset.pair(soul, key), state, Math::max);
            }
        });
        if (settled) {
            raiseFloor(receivedAt - (double) settleMs);
            if (fields.size() > maxFields) {
                foldOldest();
            }
        }
    }

    RootOffset offset() {
        return new RootOffset(floor, fields);
    }

    private void raiseFloor(final double to) {
        if (to > floor) {
            floor = to;
            fields.values().removeIf(state -> state <= to);
        }
    }

    /** Down to three quarters of the cap, so a busy root folds once per many records, not on each. */
    private void foldOldest() {
        final List<Double> states = new ArrayList<>(fields.values());
        states.sort(null);
        raiseFloor(states.get(states.size() - maxFields * 3 / 4 - 1));
    }
}
