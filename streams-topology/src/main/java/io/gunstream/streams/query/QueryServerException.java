package io.gunstream.streams.query;

/** The query API could not start (port taken, bad listen host); the message names the address and the setting. */
public final class QueryServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueryServerException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
