package io.gunstream.connect.storj;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * {@code soul_prefix=<first N '/'-separated segments of the key>}: every gunstream topic is keyed by soul, so
 * {@code devices/d1/entropy/x} with N=2 goes to {@code soul_prefix=devices%2Fd1}.
 */
public final class SoulPrefixPartitioner implements Partitioner {

    private final int segments;

    public SoulPrefixPartitioner(final int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1, got " + segments);
        }
        this.segments = segments;
    }

    @Override
    public String path(final SinkRecord record, final GenericRecord value) {
        final Object key = record.key();
        final String soul = key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : key == null ? null : key.toString();
        if (soul == null || soul.isEmpty()) {
            throw new BadRecordException("record " + record.topic() + "-" + record.kafkaPartition() + "@"
                    + record.kafkaOffset() + " has no key (soul); partitioner=soul-prefix needs one");
        }
        return "soul_prefix=" + URLEncoder.encode(prefix(soul), StandardCharsets.UTF_8);
    }

    String prefix(final String soul) {
        int end = -1;
        for (int i = 0; i < segments; i++) {
            end = soul.indexOf('/', end + 1);
            if (end < 0) {
                return soul;
            }
        }
        return soul.substring(0, end);
    }
}
