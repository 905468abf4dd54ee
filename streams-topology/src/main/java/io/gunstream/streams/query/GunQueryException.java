package io.gunstream.streams.query;

import java.net.URI;

/**
 * A query the API could not answer: unreachable instance, a 4xx/5xx answer, or a body that is not what the contract
 * says. {@link #status()} is the HTTP status, or 0 when no answer arrived.
 */
public final class GunQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI uri;
    private final int status;

    public GunQueryException(final URI uri, final int status, final String message, final Throwable cause) {
        super(message, cause);
        this.uri = uri;
        this.status = status;
    }

    /** The request that failed. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status of the answer, 0 when there was none (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** True when asking again later may succeed (no answer, 503 during a rebalance, 502/504). */
    public boolean isRetriable() {
        return status == 0 || status == 502 || status == 503 || status == 504;
    }
}
