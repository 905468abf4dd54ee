package io.gunstream.streams.split;

import java.util.Locale;

/** Where a soul's deltas go: merged into realtime state, or appended as entropy samples or log entries. */
public enum SoulClass {
    /** HAM-merged into the node store; changes go to {@code gun.changes}, nodes to {@code gun.nodes}. */
    REALTIME,
    /** Append-only numeric/raw samples to {@code gun.entropy}; never enter the realtime store. */
    ENTROPY,
    /** Append-only log lines to {@code gun.logs}; never enter the realtime store. */
    LOG;

    /** Parses the wire name used in rules ({@code realtime}, {@code entropy}, {@code log}), case-insensitive. */
    public static SoulClass parse(final String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown soul class '" + name + "': use realtime, entropy or log", e);
        }
    }

    /** The name used in rules. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
