package io.gunstream.stack.s3;

/** The embedded S3 endpoint could not start; the message names the port or directory and what to do. */
public final class S3StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public S3StartException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public S3StartException(final String message) {
        super(message);
    }
}
