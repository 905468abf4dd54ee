package io.gunstream.relay.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Message ids seen recently, across all connections, like gun.js's {@code dup} ({@code src/dup.js}): an id is
 * remembered for {@link #AGE_MS} (9 s) and a message repeating it is dropped. Thread-safe.
 */
public final class Dedup {

    /** gun.js's {@code dup} age. */
    public static final long AGE_MS = 9_000;

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private volatile long nextSweep;

    public Dedup(final LongSupplier millis) {
        this.millis = millis;
    }

    /** Records {@code id}; true if it was new (or older than the age), false for a duplicate. */
    public boolean firstSeen(final String id) {
        final long now = millis.getAsLong();
        sweep(now);
        final Long before = seen.put(id, now);
        return before == null || now - before > AGE_MS;
    }

    /** Remembers an id this relay sent, so the same message coming back through another peer is dropped. */
    public void track(final String id) {
        seen.put(id, millis.getAsLong());
    }

    public int size() {
        return seen.size();
    }

    private void sweep(final long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + 1000;
        for (final Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (now - it.next() > AGE_MS) {
                it.remove();
            }
        }
    }
}
