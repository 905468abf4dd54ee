package io.gunstream.connectconfig;

/** The Connect REST API refused a request, or a connector did not reach RUNNING (the message carries its trace). */
public class ConnectorDeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConnectorDeployException(final String message) {
        super(message);
    }

    public ConnectorDeployException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
