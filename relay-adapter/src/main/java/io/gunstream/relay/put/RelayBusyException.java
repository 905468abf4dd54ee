package io.gunstream.relay.put;

/** A put refused because the produce lanes are full: the relay is taking writes faster than Kafka acknowledges them. */
public final class RelayBusyException extends RuntimeException {

    RelayBusyException(final int capacity) {
        super("Relay busy: " + capacity + " puts already wait for Kafka (put.queue.max); not stored, retry");
    }
}
