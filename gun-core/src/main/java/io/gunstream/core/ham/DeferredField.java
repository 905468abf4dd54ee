package io.gunstream.core.ham;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.Souls;

/**
 * An incoming field whose state is ahead of the machine state. gun.js parks it with
 * {@code setTimeout(ham, min(state - now, 2^31-1))} and re-runs HAM then; the caller does the same by merging
 * {@link #asNode()} again once its machine state has reached {@link #dueState()}. The retry is re-checked
 * against whatever is current at that time, so it may lose.
 *
 * @param soul          node the field belongs to
 * @param key           field key
 * @param field         the incoming value and state
 * @param dueState      machine state from which the field is applicable (its own state)
 * @param retryDelayMs  gun.js's timer delay: {@code state - machineState}, capped at {@link HamMerge#MAX_DEFER_MS}
 */
public record DeferredField(String soul, String key, FieldState field, double dueState, double retryDelayMs) {

    public DeferredField {
        Souls.requireValidSoul(soul);
        Souls.requireValidKey(soul, key);
        if (field == null) {
            throw new IllegalArgumentException("field must not be null (soul '" + soul + "', key '" + key + "')");
        }
        if (!(retryDelayMs > 0) || retryDelayMs > HamMerge.MAX_DEFER_MS) {
            throw new IllegalArgumentException("retryDelayMs must be in (0, 2^31-1], got " + retryDelayMs);
        }
    }

    /** True once {@code machineState} has reached the field's state (the retry will no longer defer). */
    public boolean isDue(final double machineState) {
        return machineState >= dueState;
    }

    /** A one-field node to pass to {@link HamMerge#merge} when retrying. */
    public GunNode asNode() {
        return GunNode.builder(soul, 1).put(key, field).build();
    }
}
