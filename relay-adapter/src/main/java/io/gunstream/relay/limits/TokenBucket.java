package io.gunstream.relay.limits;

import java.util.function.LongSupplier;

/**
 * A per-connection message-rate limit: {@code ratePerSecond} tokens refill continuously, up to one second's worth.
 * Not thread-safe on its own; a connection's frames are handled one at a time.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /**
     * @param ratePerSecond tokens added per second, also the burst size
     * @param nanoTime      monotonic clock ({@code System::nanoTime}); a parameter so tests control time
     */
    public TokenBucket(final int ratePerSecond, final LongSupplier nanoTime) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be positive, was " + ratePerSecond);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = ratePerSecond;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire() {
        final long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
