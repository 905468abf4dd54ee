package io.gunstream.core.graph;

/**
 * The validity rules of a Gun graph. Each rejection names one of these, so callers (relay {@code err} replies,
 * {@code gun.rejects} records) can report a stable reason.
 *
 * <p>Rules marked "stricter than gun.js" are places where gun.js accepts input and then silently loses or
 * corrupts data; gunstream rejects instead (see gun-core/README.md, "Divergences").
 */
public enum GraphRule {
    /** A soul must be a non-empty string ({@code Gun.valid} rejects {@code {'#':''}}). */
    EMPTY_SOUL("soul must be a non-empty string"),
    /** gun.js: {@code soul not same.} — the node's {@code _['#']} differs from the graph key. */
    SOUL_MISMATCH("node meta '#' must equal the soul it is stored under"),
    /** gun.js: {@code no node.} */
    NO_NODE("node must be an object"),
    /** gun.js: {@code no meta.} */
    NO_META("node must have a meta object '_'"),
    /** gun.js: {@code no state.} (node level) */
    NO_STATE_MAP("node meta must have a state map '>'"),
    /** gun.js: {@code no state.} (key level) */
    MISSING_STATE("every key needs a state in the state map"),
    /** Stricter than gun.js: it accepts NaN, strings and null as states and then stores nothing or garbage. */
    STATE_NOT_A_NUMBER("state must be a finite number"),
    /** gun.js: {@code bad <type>} — {@code Gun.valid} failed. */
    INVALID_VALUE("value must be null, a boolean, a finite number, a string or a link {'#': soul}"),
    /** Stricter than gun.js: an empty key ends gun's key loop, so it and the keys after it are never merged. */
    EMPTY_KEY("key must be a non-empty string"),
    /** {@code _} holds node meta and is never a data key in gun.js. */
    RESERVED_KEY("key '_' is reserved for node meta"),
    /**
     * Stricter than gun.js: a soul equal to a JavaScript String/Object prototype member (e.g. {@code link},
     * {@code big}, {@code constructor}) makes gun.js's {@code map()} crash or misroute.
     */
    SOUL_SHADOWS_JS_BUILTIN("soul must not be the name of a JavaScript String/Object prototype member"),
    /** A bound configured by the operator (key length, value length, keys per node...) was exceeded. */
    LIMIT_EXCEEDED("input exceeds a configured limit");

    private final String description;

    GraphRule(final String description) {
        this.description = description;
    }

    /** Human-readable statement of the rule. */
    public String description() {
        return description;
    }
}
