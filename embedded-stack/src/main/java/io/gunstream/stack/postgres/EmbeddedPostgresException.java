package io.gunstream.stack.postgres;

/** The embedded PostgreSQL server could not start or stop; the message names the port or path and says what to do. */
public class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedPostgresException(final String message) {
        super(message);
    }

    public EmbeddedPostgresException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
