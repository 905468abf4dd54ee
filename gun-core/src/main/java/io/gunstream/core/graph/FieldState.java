package io.gunstream.core.graph;

/**
 * One field of a node as HAM sees it: the value and its state (a machine-state timestamp in milliseconds,
 * possibly fractional).
 *
 * @param state HAM state; finite (gun.js accepts NaN and non-numbers here and silently corrupts the graph)
 * @param value the field's value
 */
public record FieldState(double state, GunValue value) {

    public FieldState {
        if (!Double.isFinite(state)) {
            throw new InvalidGraphException(GraphRule.STATE_NOT_A_NUMBER, null, null, "state " + state);
        }
        if (value == null) {
            throw new InvalidGraphException(GraphRule.INVALID_VALUE, null, null, "value is missing (undefined)");
        }
    }

    public static FieldState of(final double state, final GunValue value) {
        return new FieldState(state, value);
    }
}
