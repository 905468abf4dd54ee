package io.gunstream.streams;

/**
 * Names of the state stores the topology materialises; the interactive-query API reads them by these names.
 */
public final class StoreNames {

    /** Realtime state: soul → merged {@code GunNode} (Avro). Backed by a changelog; standby replicas serve it. */
    public static final String NODES = "gun-nodes";

    /** Future-state fields parked until the machine clock reaches them (gun.js defers these too). */
    public static final String DEFERRED = "gun-deferred";

    /** Latest entropy sample per source: source → {@code EntropySample}. Bounded by the number of sources. */
    public static final String ENTROPY_LATEST = "gun-entropy-latest";

    private StoreNames() {
    }
}
