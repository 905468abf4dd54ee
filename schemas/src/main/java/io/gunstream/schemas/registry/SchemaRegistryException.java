package io.gunstream.schemas.registry;

import java.net.URI;
import java.util.Optional;

/**
 * A schema registry call failed. Carries the registry URL, the HTTP status (0 when the registry could not be
 * reached) and the Confluent {@code error_code} (e.g. 40401 subject not found, 40403 schema not found, 409
 * incompatible, 42201 invalid schema; -1 when there is none), and a message that says what to do.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema (id or exact schema under a subject) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Subject-level compatibility not configured. */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Schema incompatible with earlier versions. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Schema not parseable or otherwise invalid. */
    public static final int INVALID_SCHEMA = 42201;

    private final transient URI registry;
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(final URI registry, final int httpStatus, final int errorCode, final String message,
                                   final Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The registry URL the failing call went to, if known. */
    public Optional<URI> registry() {
        return Optional.ofNullable(registry);
    }

    /** HTTP status, 0 when no answer came (unreachable, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code}, or -1 when the registry gave none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when retrying later may succeed: the registry was unreachable, timed out or failed internally (5xx). */
    public boolean isTransient() {
        return httpStatus == 0 || httpStatus >= 500;
    }

    /** True when the registry has no such subject, version or schema. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
