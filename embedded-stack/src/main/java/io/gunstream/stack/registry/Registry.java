package io.gunstream.stack.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The registry's rules, independent of HTTP: register (same schema → same global id), look up, check
 * compatibility, read and change levels. Writes are serialized so ids and versions are allocated once.
 */
final class Registry {

    private final RegistryState state;
    private final KafkaSchemaStore store;
    private final CompatibilityLevel defaultLevel;
    private final Object writeLock = new Object();

    Registry(final RegistryState state, final KafkaSchemaStore store, final CompatibilityLevel defaultLevel) {
        this.state = state;
        this.store = store;
        this.defaultLevel = defaultLevel;
    }

    /** Registers {@code schemaText} under {@code subject} and returns its global id. */
    int register(final String subject, final String schemaText, final String schemaType) {
        final Schema schema = parse(schemaText, schemaType);
        final String canonical = schema.toString();
        synchronized (writeLock) {
            final List<RegistryState.SubjectVersion> versions = state.versions(subject);
            for (RegistryState.SubjectVersion v : versions) {
                if (v.schema().equals(canonical)) {
                    return v.id();
                }
            }
            final CompatibilityLevel level = effectiveLevel(subject);
            final List<String> problems = level.check(schema, versions.stream().map(v -> parseStored(v.schema())).toList());
            if (!problems.isEmpty()) {
                throw RegistryError.incompatible("Schema being registered is incompatible with an earlier schema for subject \""
                        + subject + "\" (compatibility " + level + "), details: " + problems);
            }
            final int id = state.idOf(canonical).orElseGet(state::nextId);
            store.putVersion(new RegistryState.SubjectVersion(subject, state.nextVersion(subject), id, canonical));
            return id;
        }
    }

    /** The version of {@code subject} whose schema equals {@code schemaText} (after parsing). */
    RegistryState.SubjectVersion lookup(final String subject, final String schemaText, final String schemaType) {
        final List<RegistryState.SubjectVersion> versions = existingVersions(subject);
        final String canonical = parse(schemaText, schemaType).toString();
        return versions.stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .orElseThrow(() -> RegistryError.schemaNotFound("Schema not found"));
    }

    String schemaById(final int id) {
        return state.schema(id).orElseThrow(() -> RegistryError.schemaNotFound("Schema " + id + " not found"));
    }

    List<String> subjects() {
        return state.subjects();
    }

    List<Integer> versionNumbers(final String subject) {
        return existingVersions(subject).stream().map(RegistryState.SubjectVersion::version).toList();
    }

    /** A version by number or {@code latest} (also {@code -1}, as Confluent accepts). */
    RegistryState.SubjectVersion version(final String subject, final String versionSpec) {
        final List<RegistryState.SubjectVersion> versions = existingVersions(subject);
        if ("latest".equals(versionSpec) || "-1".equals(versionSpec)) {
            return versions.get(versions.size() - 1);
        }
        final int number = parseVersion(versionSpec);
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, versionSpec));
    }

    /**
     * Incompatibilities of {@code schemaText} with one version of the subject ({@code versionSpec}), or with the
     * versions the subject's level looks at when {@code versionSpec} is null; empty when compatible.
     */
    List<String> compatibility(final String subject, final String versionSpec, final String schemaText, final String schemaType) {
        final Schema candidate = parse(schemaText, schemaType);
        final CompatibilityLevel level = effectiveLevel(subject);
        final List<Schema> against = versionSpec == null
                ? existingVersions(subject).stream().map(v -> parseStored(v.schema())).toList()
                : List.of(parseStored(version(subject, versionSpec).schema()));
        return level.check(candidate, against);
    }

    CompatibilityLevel globalLevel() {
        return state.globalLevel().orElse(defaultLevel);
    }

    /** The subject's own level; if it has none, the global one when {@code defaultToGlobal}, else 40408. */
    CompatibilityLevel subjectLevel(final String subject, final boolean defaultToGlobal) {
        return state.subjectLevel(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return globalLevel();
            }
            throw RegistryError.subjectLevelNotConfigured(subject);
        });
    }

    CompatibilityLevel setLevel(final String subjectOrNull, final String levelName) {
        final CompatibilityLevel level = CompatibilityLevel.parse(levelName);
        if (level == null) {
            throw RegistryError.invalidCompatibilityLevel(levelName);
        }
        synchronized (writeLock) {
            store.putLevel(subjectOrNull, level);
        }
        return level;
    }

    CompatibilityLevel deleteSubjectLevel(final String subject) {
        final CompatibilityLevel previous = subjectLevel(subject, false);
        synchronized (writeLock) {
            store.putLevel(subject, null);
        }
        return previous;
    }

    private CompatibilityLevel effectiveLevel(final String subject) {
        return state.subjectLevel(subject).orElseGet(this::globalLevel);
    }

    private List<RegistryState.SubjectVersion> existingVersions(final String subject) {
        final List<RegistryState.SubjectVersion> versions = state.versions(subject);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static int parseVersion(final String spec) {
        try {
            final int n = Integer.parseInt(spec);
            if (n < 1) {
                throw RegistryError.invalidVersion(spec);
            }
            return n;
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(spec);
        }
    }

    private static Schema parse(final String text, final String schemaType) {
        if (schemaType != null && !"AVRO".equals(schemaType)) {
            throw RegistryError.invalidSchema("Schema type " + schemaType + " is not supported: this registry serves AVRO only", null);
        }
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("Empty schema", null);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (org.apache.avro.AvroRuntimeException e) {
            throw RegistryError.invalidSchema("Invalid schema: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The Avro parser lets some malformed JSON escape as Jackson or other runtime exceptions.
            throw RegistryError.invalidSchema("Invalid schema: " + e, e);
        }
    }

    private static Schema parseStored(final String canonical) {
        return new Schema.Parser().parse(canonical);
    }
}
