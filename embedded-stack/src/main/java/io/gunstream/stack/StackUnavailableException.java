package io.gunstream.stack;

/** The chosen {@link StackBackend} cannot start services on this machine; the message says why and what to do. */
public class StackUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackUnavailableException(final String message) {
        super(message);
    }
}
