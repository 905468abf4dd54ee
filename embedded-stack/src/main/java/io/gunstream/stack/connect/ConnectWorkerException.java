package io.gunstream.stack.connect;

/** The embedded Kafka Connect worker could not start or stop; the message says what to do. */
public class ConnectWorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectWorkerException(final String message) {
        super(message);
    }

    public ConnectWorkerException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
