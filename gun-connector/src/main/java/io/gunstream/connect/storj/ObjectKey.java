package io.gunstream.connect.storj;

import java.util.Objects;

/**
 * The name of one object: {@code <prefix>/<topic>/<partition path>/<topic>+<kafka partition>+<start offset>.avro}.
 * Derived only from where the object's first record sits in Kafka, so a rewrite after a crash replaces the object.
 *
 * @param prefix        key prefix without slashes at either end, may be empty
 * @param directory     topic directory (the record's topic)
 * @param partitionPath partition path from the partitioner, e.g. {@code dt=2026-11-25/hr=07}
 * @param topic         Kafka topic the offsets belong to
 * @param partition     Kafka partition
 * @param startOffset   offset of the object's first record
 */
public record ObjectKey(String prefix, String directory, String partitionPath, String topic, int partition,
                        long startOffset) {

    /** Width of the zero-padded offset: every long fits, and keys sort by offset. */
    static final int OFFSET_WIDTH = 20;

    public ObjectKey {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(partitionPath, "partitionPath");
        requireText(directory, "directory");
        requireText(topic, "topic");
        if (partition < 0 || startOffset < 0) {
            throw new IllegalArgumentException("partition and startOffset must not be negative: " + partition + ", " + startOffset);
        }
    }

    private static void requireText(final String value, final String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    /** The S3 key. */
    public String key() {
        final StringBuilder key = new StringBuilder(128);
        if (!prefix.isEmpty()) {
            key.append(prefix).append('/');
        }
        key.append(directory).append('/');
        if (!partitionPath.isEmpty()) {
            key.append(partitionPath).append('/');
        }
        final String offset = Long.toString(startOffset);
        key.append(topic).append('+').append(partition).append('+');
        key.append("0".repeat(OFFSET_WIDTH - offset.length())).append(offset).append(".avro");
        return key.toString();
    }

    @Override
    public String toString() {
        return key();
    }
}
