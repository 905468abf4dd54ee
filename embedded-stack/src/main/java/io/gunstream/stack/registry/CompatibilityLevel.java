package io.gunstream.stack.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. BACKWARD: the new schema
 * reads data written with the previous one; FORWARD: the previous schema reads data written with the new one;
 * FULL: both; {@code _TRANSITIVE}: against every earlier version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(final boolean backward, final boolean forward, final boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Parses a level name case-insensitively; {@code null} if it is not one. */
    public static CompatibilityLevel parse(final String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Checks {@code candidate} against the earlier versions of a subject.
     *
     * @param earlier the subject's versions, oldest first
     * @return one line per incompatibility; empty when compatible
     */
    public List<String> check(final Schema candidate, final List<Schema> earlier) {
        final List<String> problems = new ArrayList<>();
        if (this == NONE || earlier.isEmpty()) {
            return problems;
        }
        final List<Schema> against = transitive ? earlier : earlier.subList(earlier.size() - 1, earlier.size());
        for (Schema existing : against) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing), "new schema cannot read data written with an earlier one", problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate), "an earlier schema cannot read data written with the new one", problems);
            }
        }
        return problems;
    }

    private static void describe(final SchemaCompatibility.SchemaPairCompatibility pair, final String direction,
                                 final List<String> problems) {
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility i : pair.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + i.getType() + "', description:'" + direction + ": " + i.getMessage()
                    + "', location:'" + i.getLocation() + "'}");
        }
    }
}
