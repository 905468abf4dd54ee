package io.gunstream.schemas.topic;

import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.EntropyStats;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.avro.RelayInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Default names and settings of gunstream's topics (design.md, "Topics"). Names are configurable in each
 * component; these are the defaults every component agrees on. Keys are plain strings (UTF-8), values Avro in
 * the Confluent wire format.
 */
public final class GunTopics {

    /** Every write, as a {@link GunDelta}; key soul. */
    public static final String DELTAS = "gun.deltas";
    /** Only fields that won HAM, as a {@link GunDelta}; key soul. */
    public static final String CHANGES = "gun.changes";
    /** Full merged nodes ({@link GunNode}) or tombstones; key soul; compacted. */
    public static final String NODES = "gun.nodes";
    /** {@link EntropySample}s; key source soul. */
    public static final String ENTROPY = "gun.entropy";
    /** {@link LogEntry}s; key source soul. */
    public static final String LOGS = "gun.logs";
    /** {@link Reject}s; key soul (may be null for undecodable input). */
    public static final String REJECTS = "gun.rejects";
    /** {@link RelayInfo}s; key relay id; compacted. */
    public static final String RELAYS = "gun.relays";
    /** Per-minute {@link EntropyStats}; key source soul. */
    public static final String ENTROPY_STATS_1M = "gun.entropy.stats.1m";

    /** Topic cleanup policy. */
    public enum Cleanup {
        DELETE("delete"), COMPACT("compact");

        private final String wireValue;

        Cleanup(final String wireValue) {
            this.wireValue = wireValue;
        }

        /** Value of the topic's {@code cleanup.policy}. */
        public String wireValue() {
            return wireValue;
        }
    }

    /**
     * A topic's default definition.
     *
     * @param name       default name
     * @param valueClass generated Avro class of its values
     * @param key        what the key holds
     * @param cleanup    cleanup policy
     * @param retention  retention for delete topics; empty = the broker's default
     */
    public record TopicDefaults(String name, Class<?> valueClass, String key, Cleanup cleanup,
                                Optional<Duration> retention) {
    }

    /** All topics with their defaults, in design.md's order. */
    public static final List<TopicDefaults> ALL = List.of(
            new TopicDefaults(DELTAS, GunDelta.class, "soul", Cleanup.DELETE, Optional.of(Duration.ofDays(7))),
            new TopicDefaults(CHANGES, GunDelta.class, "soul", Cleanup.DELETE, Optional.of(Duration.ofDays(1))),
            new TopicDefaults(NODES, GunNode.class, "soul", Cleanup.COMPACT, Optional.empty()),
            new TopicDefaults(ENTROPY, EntropySample.class, "source soul", Cleanup.DELETE, Optional.empty()),
            new TopicDefaults(LOGS, LogEntry.class, "source soul", Cleanup.DELETE, Optional.empty()),
            new TopicDefaults(REJECTS, Reject.class, "soul", Cleanup.DELETE, Optional.empty()),
            new TopicDefaults(RELAYS, RelayInfo.class, "relay id", Cleanup.COMPACT, Optional.empty()),
            new TopicDefaults(ENTROPY_STATS_1M, EntropyStats.class, "source soul", Cleanup.DELETE, Optional.empty()));

    private GunTopics() {
    }

    /** The defaults of topic {@code name}, if it is one of gunstream's. */
    public static Optional<TopicDefaults> defaults(final String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
