package io.gunstream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory with the Confluent API's semantics (global ids, versions per subject, BACKWARD by
 * default, error codes), for unit tests of framing and conversions. The HTTP client is tested against the
 * embedded registry in {@code GunAvroSerdeIT}.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private int nextId;
    private int calls;

    public InMemorySchemaRegistry() {
        this(1);
    }

    /** Ids start at {@code firstId} (tests use large ids to see the byte order of the frame). */
    public InMemorySchemaRegistry(final int firstId) {
        this.nextId = firstId;
    }

    /** Registry calls served so far (to show caching where the serde caches). */
    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        calls++;
        final List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (final RegisteredSchema v : versions) {
            if (v.schema().equals(schema)) {
                return v.id();
            }
        }
        final CompatibilityResult check = check(subject, schema);
        if (!check.compatible()) {
            throw new SchemaRegistryException(null, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "incompatible with subject '" + subject + "': " + check.messages(), null);
        }
        final int id = idBySchema.computeIfAbsent(schema, s -> nextId++);
        byId.put(id, schema);
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(final String subject, final Schema schema) {
        calls++;
        return versions(subject).stream().filter(v -> v.schema().equals(schema)).findFirst()
                .orElseThrow(() -> new SchemaRegistryException(null, 404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                        "schema not found under '" + subject + "'", null));
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        calls++;
        final Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(null, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "schema " + id + " not found", null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(final String subject) {
        calls++;
        final List<RegisteredSchema> versions = versions(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(final String subject, final Schema schema) {
        calls++;
        return check(subject, schema);
    }

    @Override
    public synchronized void setCompatibility(final String subject, final CompatibilityLevel level) {
        levels.put(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(final String subject) {
        return levels.getOrDefault(subject, CompatibilityLevel.BACKWARD);
    }

    @Override
    public void close() {
    }

    private List<RegisteredSchema> versions(final String subject) {
        final List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(null, 404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject '" + subject + "' not found", null);
        }
        return versions;
    }

    private CompatibilityResult check(final String subject, final Schema schema) {
        final List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        if (versions.isEmpty() || compatibility(subject) == CompatibilityLevel.NONE) {
            return new CompatibilityResult(true, List.of());
        }
        final Schema latest = versions.get(versions.size() - 1).schema();
        final SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
        return pair.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
                ? new CompatibilityResult(true, List.of())
                : new CompatibilityResult(false, List.of(pair.getDescription()));
    }
}
