package io.gunstream.connect.storj;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** {@code <field>=<value>} from a top-level field of the record value, URL-encoded so it stays one path segment. */
public final class FieldPartitioner implements Partitioner {

    private final String field;

    public FieldPartitioner(final String field) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must not be blank");
        }
        this.field = field;
    }

    @Override
    public String path(final SinkRecord record, final GenericRecord value) {
        if (value == null || !value.hasField(field)) {
            throw new BadRecordException("record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " has no field '" + field + "' to partition by (partitioner.field)");
        }
        final Object fieldValue = value.get(field);
        return field + "=" + URLEncoder.encode(String.valueOf(fieldValue), StandardCharsets.UTF_8);
    }
}
