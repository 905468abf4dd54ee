package io.gunstream.connect.storj;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Cuts the records of one Kafka partition into Avro objects and uploads them. Records accumulate in a batch (one open
 * object per partition path, a new one on a schema change); when the {@link RotationPolicy} says so, the whole batch
 * is sealed and uploaded, and only then does {@link #committableOffset()} move past it. Because every cut depends only
 * on the records since the last committed offset, a replay after a crash or rebalance cuts the same objects under
 * the same keys, and the rewrite replaces them: no record lost, none in two objects.
 *
 * <p>Lifecycle: created when the partition is assigned; {@link #write}/{@link #skip} for each record in offset order
 * (redeliveries are recognised with {@link #isNew}); {@link #uploadPending()} before new records after a failed
 * upload; {@link #discard()} when the partition is revoked. Not thread-safe (the task thread owns it).
 */
final class TopicPartitionWriter {

    private final TopicPartition partition;
    private final String prefix;
    private final RotationPolicy policy;
    private final ObjectStore store;

    /** Next offset expected; records below it are redeliveries of records already taken. -1: none taken yet. */
    private long nextOffset = -1;

    private final Map<String, AvroObject> open = new LinkedHashMap<>();
    /** Objects of the open batch closed early by a schema change; they are uploaded with the batch. */
    private final List<AvroObject> closedInBatch = new ArrayList<>();
    private long batchRecords;
    private long batchBytes;
    private long batchFirstOffset = -1;
    private long batchFirstTimestamp = -1;
    private long batchOpenedAtMs;

    /** A sealed batch whose upload has not completed yet. */
    private final ArrayDeque<AvroObject> pending = new ArrayDeque<>();
    private long pendingFirstOffset = -1;

    TopicPartitionWriter(final TopicPartition partition, final String prefix, final RotationPolicy policy,
                         final ObjectStore store) {
        this.partition = partition;
        this.prefix = prefix;
        this.policy = policy;
        this.store = store;
    }

    TopicPartition partition() {
        return partition;
    }

    /** False for a redelivery of a record this writer already took (Connect redelivers after a retriable failure). */
    boolean isNew(final long offset) {
        return nextOffset < 0 || offset >= nextOffset;
    }

    /** Takes a record that is not written (tombstone, bad record already reported). */
    void skip(final long offset) {
        nextOffset = offset + 1;
    }

    /**
     * Adds {@code record}, decoded as {@code value}, to the object for {@code path}; uploads the batch when full.
     *
     * @throws ObjectStoreException if an upload fails (the record is then either taken or will be taken again on
     *                              redelivery; nothing is lost)
     */
    void write(final SinkRecord record, final FramedAvroDecoder.Decoded value, final String path, final long nowMs) {
        final long offset = record.originalKafkaOffset();
        final long timestamp = record.timestamp() == null ? -1 : record.timestamp();
        if (batchRecords > 0 && timestamp >= 0 && batchFirstTimestamp >= 0
                && policy.rotateBefore(batchFirstTimestamp, timestamp)) {
            seal();
        }
        AvroObject object = open.get(path);
        if (object != null && object.schemaId() != value.schemaId() && !object.schema().equals(value.schema())) {
            closedInBatch.add(object);
            object = null;
        }
        if (object == null) {
            object = new AvroObject(new ObjectKey(prefix, record.topic(), path, partition.topic(), partition.partition(),
                    offset), value.schemaId(), value.schema());
            open.put(path, object);
        }
        if (batchRecords == 0) {
            batchFirstOffset = offset;
            batchOpenedAtMs = nowMs;
        }
        if (batchFirstTimestamp < 0) {
            batchFirstTimestamp = timestamp;
        }
        batchBytes += value.body().remaining();
        object.append(value.body());
        batchRecords++;
        nextOffset = offset + 1;
        if (policy.full(batchRecords, batchBytes)) {
            seal();
        }
    }

    /** Uploads the open batch if it is older than the wall-clock rotation interval. */
    void rotateIfDue(final long nowMs) {
        if (batchRecords > 0 && policy.due(batchOpenedAtMs, nowMs)) {
            seal();
        }
    }

    /** Uploads what an earlier attempt left pending; a no-op when nothing is. */
    void uploadPending() {
        while (!pending.isEmpty()) {
            final AvroObject object = pending.peekFirst();
            store.put(object.key().key(), object.finish());
            pending.removeFirst();
        }
        pendingFirstOffset = -1;
    }

    /**
     * The offset up to which every record is in an uploaded object (or was skipped), i.e. what may be committed;
     * -1 if nothing was taken yet.
     */
    long committableOffset() {
        if (!pending.isEmpty()) {
            return pendingFirstOffset;
        }
        if (batchRecords > 0) {
            return batchFirstOffset;
        }
        return nextOffset;
    }

    /** Records in the open batch (not yet uploaded). */
    long bufferedRecords() {
        return batchRecords;
    }

    /** Drops everything not uploaded (the partition was revoked; its next owner replays from the committed offset). */
    void discard() {
        open.clear();
        closedInBatch.clear();
        pending.clear();
        batchRecords = 0;
        batchBytes = 0;
    }

    private void seal() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("batch of " + partition + " sealed while the previous one is pending");
        }
        pending.addAll(closedInBatch);
        pending.addAll(open.values());
        pendingFirstOffset = batchFirstOffset;
        closedInBatch.clear();
        open.clear();
        batchRecords = 0;
        batchBytes = 0;
        batchFirstOffset = -1;
        batchFirstTimestamp = -1;
        uploadPending();
    }
}
