package io.gunstream.connect.storj;

import io.gunstream.connect.config.WireEnum;

/** What the Storj sink does with a record whose value is null (a tombstone). */
public enum NullValueBehavior implements WireEnum {
    /** Skip it: an archive of append-only facts has nothing to delete. */
    IGNORE("ignore"),
    /** Treat it as a bad record (errant-record reporter / DLQ, or fail the task without one). */
    FAIL("fail");

    private final String wireValue;

    NullValueBehavior(final String wireValue) {
        this.wireValue = wireValue;
    }

    @Override
    public String wireValue() {
        return wireValue;
    }
}
