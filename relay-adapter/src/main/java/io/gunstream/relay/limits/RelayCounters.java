package io.gunstream.relay.limits;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a relay counted since it started: accepted, acked and refused puts, refusals by reason, connections.
 * Thread-safe; shown at {@code GET /health}.
 */
public final class RelayCounters {

    private final LongAdder puts = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder ackFailures = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder rejectsNotRecorded = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder changesPushed = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder connectionsClosedForAbuse = new LongAdder();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();

    public void put() {
        puts.increment();
    }

    public void acked() {
        acked.increment();
    }

    public void ackFailed() {
        ackFailures.increment();
    }

    /** A put refused because the produce lanes were full (also counted as an ack failure). */
    public void busy() {
        busy.increment();
    }

    /** A refusal counted but not written to the rejects topic (its lane was full). */
    public void rejectNotRecorded() {
        rejectsNotRecorded.increment();
    }

    public void get() {
        gets.increment();
    }

    public void changePushed() {
        changesPushed.increment();
    }

    public void connectionOpened() {
        connectionsOpened.increment();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void closedForAbuse() {
        connectionsClosedForAbuse.increment();
    }

    /** Counts refused input under a stable reason code (a GraphRule, a WireFormatException reason, RATE_LIMIT...). */
    public void rejected(final String reason) {
        rejectedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long acks() {
        return acked.sum();
    }

    /** A snapshot for /health, keys sorted. */
    public Map<String, Object> snapshot() {
        final Map<String, Object> out = new TreeMap<>();
        out.put("puts", puts.sum());
        out.put("acked", acked.sum());
        out.put("ackFailures", ackFailures.sum());
        out.put("putsRefusedBusy", busy.sum());
        out.put("rejectsNotRecorded", rejectsNotRecorded.sum());
        out.put("gets", gets.sum());
        out.put("changesPushed", changesPushed.sum());
        out.put("connectionsOpened", connectionsOpened.sum());
        out.put("connectionsRefused", connectionsRefused.sum());
        out.put("connectionsClosedForAbuse", connectionsClosedForAbuse.sum());
        final Map<String, Long> reasons = new TreeMap<>();
        rejectedByReason.forEach((k, v) -> reasons.put(k, v.sum()));
        out.put("rejected", reasons);
        return out;
    }
}
