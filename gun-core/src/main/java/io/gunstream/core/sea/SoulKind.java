package io.gunstream.core.sea;

/** Which SEA rule governs a soul, in the order {@code check} in sea.js tries them. */
public enum SoulKind {
    /** {@code ~@}: the list of aliases; key {@code k} must link to {@code ~@k}. */
    ALIAS_ROOT,
    /** {@code ~@alias}: the public keys of an alias; key {@code k} must link to {@code k}. */
    ALIAS,
    /** A soul carrying a public key ({@code ~x.y}, {@code ~x.y/path}, {@code app~x.y}): values must be signed by it. */
    ACCOUNT,
    /** A soul containing {@code #}: the key ends with the SHA-256 of the value (content addressing). */
    CONTENT_HASH,
    /** Anything else: no SEA rule. */
    PLAIN
}
