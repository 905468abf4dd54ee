package io.gunstream.core.sea;

/** Thrown when a SEA public key or signed text cannot be parsed; names the input and the reason. */
public final class SeaException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final SeaReason reason;

    public SeaException(final SeaReason reason, final String message) {
        super(message);
        this.reason = reason;
    }

    public SeaException(final SeaReason reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SeaReason reason() {
        return reason;
    }

    static String abbreviate(final String s) {
        return s == null ? "null" : "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }
}
