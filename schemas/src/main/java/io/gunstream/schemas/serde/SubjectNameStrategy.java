package io.gunstream.schemas.serde;

import java.util.Arrays;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a serializer names the registry subject a schema is registered under; the same three strategies as
 * Confluent's serializers, so subjects line up with existing deployments.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one record type per topic (Confluent's default). */
    TOPIC_NAME("topic_name"),
    /** The record's full name: one subject per type, shared by every topic carrying it. */
    RECORD_NAME("record_name"),
    /** {@code <topic>-<record full name>}: several types per topic, each evolving separately. */
    TOPIC_RECORD_NAME("topic_record_name");

    private final String wireValue;

    SubjectNameStrategy(final String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value used in configuration. */
    public String wireValue() {
        return wireValue;
    }

    /** The subject for a record of {@code schema} written to {@code topic}. */
    public String subject(final String topic, final boolean isKey, final Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /** Parses a configured value, case-insensitively. */
    public static SubjectNameStrategy parse(final String value) {
        final String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wireValue.equals(wanted)).findFirst()
                .orElseThrow(() -> new ConfigException(GunAvroSerdeConfig.SUBJECT_NAME_STRATEGY_CONFIG, value,
                        "must be one of " + Arrays.toString(wireValues())));
    }

    static String[] wireValues() {
        return Arrays.stream(values()).map(SubjectNameStrategy::wireValue).toArray(String[]::new);
    }
}
