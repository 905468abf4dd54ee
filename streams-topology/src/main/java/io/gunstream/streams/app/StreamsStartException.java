package io.gunstream.streams.app;

/** The streams application could not start (topics, brokers, or it did not reach RUNNING in time). */
public final class StreamsStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StreamsStartException(final String message) {
        super(message);
    }

    public StreamsStartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
