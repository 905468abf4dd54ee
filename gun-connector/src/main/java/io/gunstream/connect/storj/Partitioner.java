package io.gunstream.connect.storj;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** Maps a record to the partition path of its object (below {@code <prefix>/<topic>/}); pure and deterministic. */
public interface Partitioner {

    /**
     * The partition path of {@code record}, whose decoded value is {@code value}.
     *
     * @throws BadRecordException if the record lacks what the path is built from
     */
    String path(SinkRecord record, GenericRecord value);

    /** The partitioner the settings ask for. */
    static Partitioner of(final StorjSinkConfig config) {
        return switch (config.partitioner()) {
            case TIME -> new TimePartitioner();
            case FIELD -> new FieldPartitioner(config.getString(StorjSinkConfig.PARTITION_FIELD_CONFIG));
            case SOUL_PREFIX -> new SoulPrefixPartitioner(config.getInt(StorjSinkConfig.SOUL_SEGMENTS_CONFIG));
        };
    }
}
