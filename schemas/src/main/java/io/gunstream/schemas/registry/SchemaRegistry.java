package io.gunstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that serdes and operators need. Implemented over HTTP by
 * {@link ConfluentRegistryClient}; every method throws {@link SchemaRegistryException} on failure.
 *
 * <p>Lifecycle: create, use from any thread, {@link #close()} when done (idempotent).
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (a no-op returning the existing id if already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The registration of exactly this schema under {@code subject}; error code 40401/40403 if it is not registered. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with global id {@code id}; error code 40403 if there is none. */
    Schema schemaById(int id);

    /** The latest version registered under {@code subject}; error code 40401 if the subject does not exist. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} may be registered as the next version of {@code subject} under its compatibility level. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Sets the compatibility level of {@code subject}. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The compatibility level in force for {@code subject} (its own, else the registry's global level). */
    CompatibilityLevel compatibility(String subject);

    @Override
    void close();
}
