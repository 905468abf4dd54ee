package io.gunstream.connect.storj;

import org.apache.kafka.connect.errors.ConnectException;

/** An upload that failed; the message names endpoint, bucket and key. Retried by the task up to s3.max.retries. */
public class ObjectStoreException extends ConnectException {

    private static final long serialVersionUID = 1L;

    public ObjectStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
