package io.gunstream.stack.connect;

import java.net.URI;

/**
 * A running Kafka Connect worker (distributed mode) with a REST API.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface ConnectService extends AutoCloseable {

    /** Base URL of the Connect REST API, e.g. {@code http://127.0.0.1:8083}. */
    URI restUrl();

    @Override
    void close();
}
