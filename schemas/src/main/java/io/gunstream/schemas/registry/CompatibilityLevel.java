package io.gunstream.schemas.registry;

import java.util.Locale;

/** Compatibility levels of the Confluent API; the wire value is the enum name. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Parses a registry's level name, case-insensitively. */
    public static CompatibilityLevel parse(final String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException(null, 0, -1,
                    "the registry answered an unknown compatibility level '" + value + "'", e);
        }
    }
}
