package io.gunstream.stack.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the registry knows, rebuilt from the {@code _schemas} topic: schemas by global id, subjects with their
 * versions, compatibility levels. Only the store's reader thread mutates it; all access is synchronized.
 */
final class RegistryState {

    /** One version of a subject; {@code schema} is the canonical (parsed, re-serialised) text. */
    record SubjectVersion(String subject, int version, int id, String schema) {
        SubjectVersion {
            if (subject == null || schema == null || version < 1 || id < 0) {
                throw new IllegalArgumentException("invalid subject version " + subject + "/" + version + " id " + id);
            }
        }
    }

    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, Integer> maxVersionEver = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;

    synchronized void putVersion(final SubjectVersion v, final boolean deleted) {
        maxId = Math.max(maxId, v.id());
        maxVersionEver.merge(v.subject(), v.version(), Math::max);
        schemasById.putIfAbsent(v.id(), v.schema());
        idsBySchema.putIfAbsent(v.schema(), v.id());
        if (deleted) {
            removeVersion(v.subject(), v.version());
        } else {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
        }
    }

    /** Notes an id used by a record this registry cannot serve (another schema type), so it is never reused. */
    synchronized void reserveId(final int id) {
        maxId = Math.max(maxId, id);
    }

    synchronized void removeVersion(final String subject, final int version) {
        final TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        if (versions != null) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        }
    }

    synchronized void putLevel(final String subject, final CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    synchronized Optional<String> schema(final int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    synchronized Optional<Integer> idOf(final String canonicalSchema) {
        return Optional.ofNullable(idsBySchema.get(canonicalSchema));
    }

    synchronized int nextId() {
        return maxId + 1;
    }

    synchronized int nextVersion(final String subject) {
        return maxVersionEver.getOrDefault(subject, 0) + 1;
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(subjects.keySet());
    }

    /** Versions of a subject, oldest first; empty if the subject is unknown. */
    synchronized List<SubjectVersion> versions(final String subject) {
        final TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : new ArrayList<>(versions.values());
    }

    synchronized Optional<CompatibilityLevel> globalLevel() {
        return Optional.ofNullable(globalLevel);
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(final String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized int schemaCount() {
        return schemasById.size();
    }
}
