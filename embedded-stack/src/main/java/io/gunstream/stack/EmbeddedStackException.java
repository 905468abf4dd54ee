package io.gunstream.stack;

import java.util.Optional;

/**
 * An {@link EmbeddedStack} could not start (or stop) one of its services, named by {@link #component()}, or could not
 * prepare its data dir (no component); the message says what to do. Services started before the failing one have
 * been stopped when this is thrown from {@link EmbeddedStack.Builder#start()}.
 */
public class EmbeddedStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final StackComponent component;

    public EmbeddedStackException(final StackComponent component, final String message, final Throwable cause) {
        super(message, cause);
        this.component = component;
    }

    public EmbeddedStackException(final StackComponent component, final String message) {
        this(component, message, null);
    }

    /** The service that failed; empty when the stack's own data dir was the problem. */
    public Optional<StackComponent> component() {
        return Optional.ofNullable(component);
    }
}
