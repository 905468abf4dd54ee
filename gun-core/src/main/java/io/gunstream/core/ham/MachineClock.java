package io.gunstream.core.ham;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * A machine-state clock with the semantics of gun.js's {@code State()} ({@code src/state.js}): wall-clock
 * milliseconds, made strictly increasing by adding {@code N/999} when called again within the same millisecond
 * or when the wall clock goes back, plus a constant additive drift.
 *
 * <p>Unlike gun.js (module-level {@code last}/{@code N}), each instance keeps its own state, so every owner
 * (a relay connection, a stream task) has an independent clock. Thread-safe.
 */
public final class MachineClock {

    /** gun.js's {@code D}: the divisor of the same-millisecond counter. */
    static final double SAME_MILLI_DIVISOR = 999;

    private final LongSupplier wallMillis;
    private final double drift;
    private double last = Double.NEGATIVE_INFINITY;
    private long sameMilliCount;

    /**
     * @param wallMillis source of wall-clock milliseconds (gun.js: {@code +new Date})
     * @param drift      additive offset in milliseconds (gun.js: {@code State.drift}, 0 by default)
     */
    public MachineClock(final LongSupplier wallMillis, final double drift) {
        if (wallMillis == null) {
            throw new IllegalArgumentException("wallMillis must not be null");
        }
        if (!Double.isFinite(drift)) {
            throw new IllegalArgumentException("drift must be a finite number of milliseconds, got " + drift);
        }
        this.wallMillis = wallMillis;
        this.drift = drift;
    }

    /** A clock on {@code clock}'s milliseconds with no drift. */
    public static MachineClock of(final Clock clock) {
        return new MachineClock(clock::millis, 0);
    }

    /** A clock on the system wall clock with no drift. */
    public static MachineClock system() {
        return new MachineClock(System::currentTimeMillis, 0);
    }

    /** The next machine state. Same arithmetic, in the same order, as gun.js so results are bit-identical. */
    public synchronized double now() {
        final long wall = wallMillis.getAsLong();
        if (last < wall) {
            sameMilliCount = 0;
            last = wall + drift;
            return last;
        }
        sameMilliCount++;
        last = wall + (sameMilliCount / SAME_MILLI_DIVISOR) + drift;
        return last;
    }

    /** The additive drift in milliseconds. */
    public double drift() {
        return drift;
    }
}
