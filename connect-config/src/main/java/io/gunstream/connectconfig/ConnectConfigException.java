package io.gunstream.connectconfig;

/** A connector configuration file that cannot be used: unreadable, not a connector JSON, or a placeholder without a value. */
public class ConnectConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectConfigException(final String message) {
        super(message);
    }

    public ConnectConfigException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
