package io.gunstream.stack.testcontainers;

/** A Testcontainers-backed service could not start; the message names the image and says what to do. */
public class ContainerServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ContainerServiceException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
