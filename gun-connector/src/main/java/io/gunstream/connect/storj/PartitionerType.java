package io.gunstream.connect.storj;

import io.gunstream.connect.config.WireEnum;

/** How records are grouped into object paths below {@code <prefix>/<topic>/}. */
public enum PartitionerType implements WireEnum {
    /** {@code dt=YYYY-MM-DD/hr=HH} from the record's Kafka timestamp, UTC. */
    TIME("time"),
    /** {@code <field>=<value>} from a top-level field of the record value. */
    FIELD("field"),
    /** {@code soul_prefix=<first N segments of the record key>}, the key being a soul. */
    SOUL_PREFIX("soul-prefix");

    private final String wireValue;

    PartitionerType(final String wireValue) {
        this.wireValue = wireValue;
    }

    @Override
    public String wireValue() {
        return wireValue;
    }
}
