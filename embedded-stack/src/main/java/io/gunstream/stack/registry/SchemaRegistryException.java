package io.gunstream.stack.registry;

/** The schema registry could not start or reach its Kafka store; the message says what and what to do. */
public final class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public SchemaRegistryException(final String message) {
        super(message);
    }
}
