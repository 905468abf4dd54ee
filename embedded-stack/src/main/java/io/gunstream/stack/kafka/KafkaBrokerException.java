package io.gunstream.stack.kafka;

/** The embedded Kafka broker could not start, stop or do what was asked; the message says what to do. */
public class KafkaBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaBrokerException(final String message) {
        super(message);
    }

    public KafkaBrokerException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
