package io.gunstream.streams.query;

/** Text that is not a Gun node (or array of nodes) in gun.js wire form; the message names the soul and key. */
public final class GunJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GunJsonException(final String message) {
        super(message);
    }

    public GunJsonException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
