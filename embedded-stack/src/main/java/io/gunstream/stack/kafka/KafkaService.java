package io.gunstream.stack.kafka;

/**
 * A running Kafka cluster that clients can reach. Implemented by the in-process KRaft broker and by the
 * Testcontainers variant, so integration tests run unchanged on either.
 *
 * <p>Lifecycle: obtained already started; {@link #close()} stops it and is idempotent.
 */
public interface KafkaService extends AutoCloseable {

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    String bootstrapServers();

    @Override
    void close();
}
