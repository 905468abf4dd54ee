package io.gunstream.connect.gun;

/**
 * Exponential backoff: {@code initialMs} doubled per failed attempt, capped at {@code maxMs}.
 *
 * @param initialMs delay after the first failure; at least 1
 * @param maxMs     cap; at least {@code initialMs}
 */
public record Backoff(long initialMs, long maxMs) {

    public Backoff {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 1 <= initial (" + initialMs + ") <= max (" + maxMs + ")");
        }
    }

    /** The delay before attempt {@code failures + 1}, for {@code failures >= 1} consecutive failures. */
    public long delayMs(final int failures) {
        final int shift = Math.max(0, Math.min(failures - 1, 30));
        final long delay = initialMs << shift;
        return delay <= 0 || delay > maxMs ? maxMs : delay;
    }
}
