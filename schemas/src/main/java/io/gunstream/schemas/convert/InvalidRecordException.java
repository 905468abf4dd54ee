package io.gunstream.schemas.convert;

import java.util.Optional;

/**
 * An Avro record does not have the shape gun-core needs (a duplicate field key, a value of a type Gun does not
 * have). Gun rule violations inside a well-shaped record are {@link io.gunstream.core.graph.InvalidGraphException}s
 * instead. {@link #reason()} is a stable code for {@code gun.rejects}.
 */
public final class InvalidRecordException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Reason code: a key appears twice in one node or delta. */
    public static final String DUPLICATE_KEY = "DUPLICATE_KEY";
    /** Reason code: the value union holds a Java type that is not one of Gun's. */
    public static final String UNSUPPORTED_VALUE_TYPE = "UNSUPPORTED_VALUE_TYPE";
    /**
     * Reason code: a soul, key or string value holds a lone UTF-16 surrogate. JavaScript strings may, but Avro
     * strings (UTF-8), Kafka string keys and PostgreSQL text cannot: Java's UTF-8 encoder would silently turn it into
     * '?', so it is refused instead.
     */
    public static final String ILL_FORMED_UNICODE = "ILL_FORMED_UNICODE";
    /** Reason code: a required part (origin, received time...) is missing. */
    public static final String MISSING_PART = "MISSING_PART";

    private final String reason;
    private final String soul;
    private final String key;
    private final String detail;

    public InvalidRecordException(final String reason, final String soul, final String key, final String detail) {
        super("Invalid record: " + reason + (soul == null ? "" : " at soul '" + soul + "'")
                + (key == null ? "" : " key '" + key + "'") + ": " + detail);
        this.reason = reason;
        this.soul = soul;
        this.key = key;
        this.detail = detail;
    }

    /** The same problem located at {@code soul} (and {@code key}, unless this one already names a key). */
    public InvalidRecordException at(final String soul, final String key) {
        final InvalidRecordException located = new InvalidRecordException(reason, soul, this.key != null ? this.key : key, detail);
        located.initCause(this);
        return located;
    }

    public String reason() {
        return reason;
    }

    public Optional<String> soul() {
        return Optional.ofNullable(soul);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
