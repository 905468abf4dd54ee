package io.gunstream.core.graph;

import java.util.Optional;

/**
 * Thrown when input breaks a Gun graph rule. Carries the rule, the soul and (when it applies) the key, so the
 * relay can answer gun.js with an {@code err} and the streams app can write a {@code gun.rejects} record.
 */
public final class InvalidGraphException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final GraphRule rule;
    private final String soul;
    private final String key;

    public InvalidGraphException(final GraphRule rule, final String soul, final String key, final String detail) {
        super(message(rule, soul, key, detail));
        this.rule = rule;
        this.soul = soul;
        this.key = key;
    }

    /** The same violation located at {@code soul}/{@code key} (value records are built before they know where they live). */
    public InvalidGraphException at(final String soul, final String key) {
        final String detail = getMessage().contains("): ") ? getMessage().substring(getMessage().indexOf("): ") + 3) : null;
        final InvalidGraphException located = new InvalidGraphException(rule, soul, key, detail);
        located.initCause(this);
        return located;
    }

    public GraphRule rule() {
        return rule;
    }

    /** The offending soul, if known. */
    public Optional<String> soul() {
        return Optional.ofNullable(soul);
    }

    /** The offending key, if the rule concerns one key. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    private static String message(final GraphRule rule, final String soul, final String key, final String detail) {
        final StringBuilder m = new StringBuilder("Invalid graph: ");
        if (soul != null) {
            m.append("soul ").append(abbreviate(soul)).append(' ');
        }
        if (key != null) {
            m.append("key ").append(abbreviate(key)).append(' ');
        }
        m.append("breaks rule ").append(rule).append(" (").append(rule.description()).append(')');
        if (detail != null && !detail.isEmpty()) {
            m.append(": ").append(detail);
        }
        return m.toString();
    }

    private static String abbreviate(final String s) {
        return "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }
}
