package io.gunstream.core.sea;

/**
 * Why SEA verification refused a write or a signature. Each reason carries the error text gun.js answers for the
 * same case, so a relay can reply to gun.js peers with the message they expect.
 */
public enum SeaReason {
    /** A value on a {@code ~pub} soul is not a signed envelope {@code {":": value, "~": signature}}. */
    NOT_SIGNED("Unverified data."),
    /** The signature field is not standard base64 of a 64-byte P-256 signature (r||s). */
    MALFORMED_SIGNATURE("Unverified data."),
    /** The signature does not verify with the public key over the packed message. */
    BAD_SIGNATURE("Unverified data."),
    /** The public key is not two base64url coordinates of 32 bytes ({@code x.y}). */
    MALFORMED_PUBLIC_KEY("Unverified data."),
    /** The public key's point is not on the P-256 curve. */
    PUBLIC_KEY_NOT_ON_CURVE("Unverified data."),
    /** Key {@code pub} of soul {@code ~<pub>} must be exactly that pub. */
    ACCOUNT_MISMATCH("Account not same!"),
    /**
     * The value names another writer ({@code "*"}): gunstream does not verify SEA certificates, and gun.js
     * accepts such writes without any certificate (see README, "SEA verification").
     */
    CERTIFICATE_UNSUPPORTED("Certificates are not supported."),
    /** On a soul containing {@code #}, the key must end with the SHA-256 of the value. */
    HASH_MISMATCH("Data hash not same as hash!"),
    /** An entry of the alias root {@code ~@} must be a link ({@code check.alias}). */
    DATA_MISSING("Data must exist!"),
    /** An entry of an alias soul {@code ~@alias} must be a link ({@code check.pubs}). */
    ALIAS_MISSING("Alias must exist!"),
    /** An alias-list entry must link to itself ({@code ~@<key>} on {@code ~@}, {@code <key>} on {@code ~@alias}). */
    ALIAS_MISMATCH("Alias not same!"),
    /** A {@code SEA{...}} text is not JSON or lacks {@code m}. */
    MALFORMED_MESSAGE("Unverified data.");

    private final String gunError;

    SeaReason(final String gunError) {
        this.gunError = gunError;
    }

    /** The error text gun.js puts in its {@code err} reply for this case. */
    public String gunError() {
        return gunError;
    }
}
