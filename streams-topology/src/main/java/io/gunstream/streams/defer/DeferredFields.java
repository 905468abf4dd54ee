package io.gunstream.streams.defer;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.ham.DeferredField;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.core.ham.HamOutcome;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Future-state fields parked in a persistent store until the machine state reaches them (gun.js parks them in a
 * {@code setTimeout}). Each entry is a one-field {@link GunDelta} that keeps the original delta's origin. Keys
 * start with the due state's IEEE-754 bits in hex, so the store's key order is due order (deferred states are
 * ahead of a positive machine state, hence positive, and positive doubles order like their bits) and a range scan
 * finds what is due: {@code <16 hex digits of the due state> | soul | key}.
 *
 * <p>Two parked writes of the same soul, key and state keep only the one HAM would pick between them: both would
 * be retried at the same moment and HAM's outcome does not depend on their order.
 *
 * <p>Owned by one merge processor (one task); not thread-safe.
 */
public final class DeferredFields {

    private static final char SEPARATOR = '|';
    private static final String AFTER_SEPARATOR = String.valueOf((char) (SEPARATOR + 1));

    private final KeyValueStore<String, GunDelta> store;
    private double nextDue = Double.NaN;

    public DeferredFields(final KeyValueStore<String, GunDelta> store) {
        this.store = store;
    }

    /** Parks {@code field}, taken from {@code from} (whose origin and receive time it keeps). */
    public void park(final DeferredField field, final GunDelta from) {
        final String key = key(field.dueState(), field.soul(), field.key());
        final GunDelta existing = store.get(key);
        if (existing != null) {
            final FieldState parked = GunAvro.toCore(existing.getFields().get(0));
            if (HamMerge.decide(parked, field.field(), Double.MAX_VALUE) != HamOutcome.INCOMING) {
                return;
            }
        }
        // Not GunDelta.newBuilder(from): Avro's deep copy loads nested classes by name, which Avro 1.12 forbids.
        store.put(key, new GunDelta(field.soul(), List.of(GunAvro.toAvro(field.key(), field.field())), from.getOrigin(),
                from.getReceivedAt()));
        if (Double.isNaN(nextDue) || field.dueState() < nextDue) {
            nextDue = field.dueState();
        }
    }

    /** True when something may be due at {@code machineState} (cheap: no store access once the first due is known). */
    public boolean anyDue(final double machineState) {
        if (Double.isNaN(nextDue)) {
            nextDue = firstDue();
        }
        return nextDue <= machineState;
    }

    /** Removes and returns, in due order, every parked field due at {@code machineState}. */
    public List<GunDelta> takeDue(final double machineState) {
        final List<KeyValue<String, GunDelta>> due = new ArrayList<>();
        try (KeyValueIterator<String, GunDelta> it = store.range(null, dueBits(machineState) + AFTER_SEPARATOR)) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        final List<GunDelta> deltas = new ArrayList<>(due.size());
        for (final KeyValue<String, GunDelta> entry : due) {
            store.delete(entry.key);
            deltas.add(entry.value);
        }
        nextDue = firstDue();
        return deltas;
    }

    /** Number of parked fields (scans the store; for tests and diagnostics). */
    public long size() {
        return store.approximateNumEntries();
    }

    private double firstDue() {
        try (KeyValueIterator<String, GunDelta> it = store.all()) {
            return it.hasNext() ? Double.longBitsToDouble(Long.parseUnsignedLong(it.next().key.substring(0, 16), 16))
                    : Double.POSITIVE_INFINITY;
        }
    }

    static String key(final double dueState, final String soul, final String key) {
        return dueBits(dueState) + SEPARATOR + soul + SEPARATOR + key;
    }

    private static String dueBits(final double state) {
        // Negative or zero machine states (a clock before 1970) scan nothing: nothing parked can be due then.
        final double positive = state > 0 ? state : 0;
        final String hex = Long.toHexString(Double.doubleToLongBits(positive));
        return "0".repeat(16 - hex.length()) + hex;
    }
}
