package io.gunstream.core.ham;

/**
 * What HAM decides for one incoming field, in the order gun.js's private {@code ham()} tests the conditions
 * ({@code src/root.js} L119-L140 of gun@0.2020.1241).
 */
public enum HamOutcome {
    /** The incoming state is ahead of the machine state: hold the field and retry when the clock reaches it. */
    DEFER,
    /** The incoming state is older than the current one: drop it. */
    HISTORICAL,
    /** Equal state and the incoming JSON is not greater than the current JSON (or the values are equal): keep current. */
    CURRENT,
    /** Newer state, or equal state with a lexically greater JSON encoding: the incoming field wins. */
    INCOMING
}
