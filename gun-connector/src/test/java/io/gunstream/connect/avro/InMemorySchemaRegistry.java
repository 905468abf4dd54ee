package io.gunstream.connect.avro;

import io.gunstream.schemas.registry.CompatibilityLevel;
import io.gunstream.schemas.registry.CompatibilityResult;
import io.gunstream.schemas.registry.RegisteredSchema;
import io.gunstream.schemas.registry.SchemaRegistry;
import io.gunstream.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry in memory for converter unit tests: ids by schema text, like a real registry; schemas come back
 * re-parsed from their text (as over HTTP), never as the registered object.
 */
final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final int id = ids.computeIfAbsent(schema.toString(), text -> {
            texts.add(text);
            return texts.size();
        });
        final List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(final String subject, final Schema schema) {
        throw new UnsupportedOperationException("not used by the converter tests (auto.register.schemas=true)");
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        if (id < 1 || id > texts.size()) {
            throw new SchemaRegistryException(null, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "schema " + id + " not found", null);
        }
        return new Schema.Parser().parse(texts.get(id - 1));
    }

    synchronized List<Integer> versions(final String subject) {
        return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        throw new UnsupportedOperationException("not used by the converter tests");
    }

    @Override
    public CompatibilityResult testCompatibility(final String subject, final Schema schema) {
        throw new UnsupportedOperationException("not used by the converter tests");
    }

    @Override
    public void setCompatibility(final String subject, final CompatibilityLevel level) {
        throw new UnsupportedOperationException("not used by the converter tests");
    }

    @Override
    public CompatibilityLevel compatibility(final String subject) {
        throw new UnsupportedOperationException("not used by the converter tests");
    }

    @Override
    public void close() {
    }
}
