package io.gunstream.stack.registry;

import java.net.URI;

/**
 * A running schema registry that speaks the Confluent Schema Registry REST API.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface SchemaRegistryService extends AutoCloseable {

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081}. */
    URI url();

    @Override
    void close();
}
