package io.gunstream.connect.storj;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** {@code dt=YYYY-MM-DD/hr=HH} of the record's Kafka timestamp in UTC (Hive-style, so query engines prune by it). */
public final class TimePartitioner implements Partitioner {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hr='HH").withZone(ZoneOffset.UTC);

    @Override
    public String path(final SinkRecord record, final GenericRecord value) {
        if (record.timestamp() == null) {
            throw new BadRecordException("record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " has no timestamp; partitioner=time needs one");
        }
        return FORMAT.format(Instant.ofEpochMilli(record.timestamp()));
    }
}
