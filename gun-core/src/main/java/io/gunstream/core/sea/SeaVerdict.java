package io.gunstream.core.sea;

import java.util.Objects;

/** The outcome of checking one field write against the SEA soul rules. Never an exception. */
public sealed interface SeaVerdict permits SeaVerdict.Accepted, SeaVerdict.Rejected {

    String soul();

    String key();

    SoulKind kind();

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The write satisfies the rule of its soul. */
    record Accepted(String soul, String key, SoulKind kind) implements SeaVerdict {
        public Accepted {
            Objects.requireNonNull(soul, "soul");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The write breaks the rule of its soul.
     *
     * @param message names the soul, the key and what is wrong
     */
    record Rejected(String soul, String key, SoulKind kind, SeaReason reason, String message) implements SeaVerdict {
        public Rejected {
            Objects.requireNonNull(soul, "soul");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        /** What gun.js answers in its {@code err} for the same write. */
        public String gunError() {
            return reason.gunError();
        }
    }
}
