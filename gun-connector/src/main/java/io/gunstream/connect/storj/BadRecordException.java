package io.gunstream.connect.storj;

import org.apache.kafka.connect.errors.DataException;

/** A record the sink cannot write however often it retries; it goes to the errant-record reporter (DLQ). */
public class BadRecordException extends DataException {

    private static final long serialVersionUID = 1L;

    public BadRecordException(final String message) {
        super(message);
    }

    public BadRecordException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
