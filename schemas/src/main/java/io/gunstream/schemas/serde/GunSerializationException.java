package io.gunstream.schemas.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. Names the topic, the schema id (when known) and a
 * {@link Reason}; {@link #isMalformedInput()} tells a deserialization handler whether the record itself is bad
 * (send it to {@code gun.rejects} and go on) or the failure is the environment's (registry down: stop, retry).
 */
public final class GunSerializationException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** Fewer than the 5 header bytes. */
        TOO_SHORT(true),
        /** The first byte is not the Confluent magic byte 0: not written by a Confluent-format serializer. */
        NO_MAGIC_BYTE(true),
        /** The frame names a schema id the registry does not know. */
        UNKNOWN_SCHEMA_ID(true),
        /** The writer schema cannot be read as the reader's schema (not a compatible evolution), or is not Avro. */
        INCOMPATIBLE_WRITER_SCHEMA(true),
        /** The Avro body ends before the writer schema says it should. */
        TRUNCATED_AVRO(true),
        /** The Avro body does not follow the writer schema (bad union/enum index, negative length, trailing bytes...). */
        MALFORMED_AVRO(true),
        /** Serializer: the record does not satisfy its schema (e.g. null in a required field). */
        INVALID_RECORD(true),
        /** Serializer: the registry refused the schema (incompatible with the subject, or invalid). */
        SCHEMA_REFUSED(false),
        /** Serializer with auto.register.schemas=false: the schema is not registered under the subject. */
        SCHEMA_NOT_REGISTERED(false),
        /** The registry could not be reached, timed out or failed internally: transient. */
        REGISTRY_UNAVAILABLE(false),
        /** Any other registry refusal (authentication, unexpected answer). */
        REGISTRY_ERROR(false);

        private final boolean malformedInput;

        Reason(final boolean malformedInput) {
            this.malformedInput = malformedInput;
        }

        public boolean malformedInput() {
            return malformedInput;
        }
    }

    private final Reason reason;
    private final String topic;
    private final Integer schemaId;

    GunSerializationException(final Reason reason, final String topic, final Integer schemaId, final String detail,
                              final Throwable cause) {
        super(message(reason, topic, schemaId, detail), cause);
        this.reason = reason;
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public Reason reason() {
        return reason;
    }

    public String topic() {
        return topic;
    }

    /** The schema id of the frame, when the failure happened after it was read or assigned. */
    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    /** True when the record's bytes (or the record) are at fault, false when the registry or its answer is. */
    public boolean isMalformedInput() {
        return reason.malformedInput();
    }

    private static String message(final Reason reason, final String topic, final Integer schemaId, final String detail) {
        return reason + " [topic=" + topic + (schemaId == null ? "" : ", schema id=" + schemaId) + "]: " + detail;
    }
}
