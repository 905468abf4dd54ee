package io.gunstream.connect.storj;

/**
 * When the open objects of one Kafka partition are written. Every rule except {@code scheduleIntervalMs} depends only
 * on the records since the last written batch, so a replay from the committed offset cuts the same objects.
 *
 * @param flushSize          records per batch
 * @param flushSizeBytes     Avro bytes per batch
 * @param rotateIntervalMs   record-time span of a batch, -1 = off
 * @param scheduleIntervalMs wall-clock age of a batch, -1 = off
 */
public record RotationPolicy(int flushSize, long flushSizeBytes, long rotateIntervalMs, long scheduleIntervalMs) {

    public RotationPolicy {
        if (flushSize < 1) {
            throw new IllegalArgumentException("flushSize must be at least 1, got " + flushSize);
        }
        if (flushSizeBytes < 1) {
            throw new IllegalArgumentException("flushSizeBytes must be at least 1, got " + flushSizeBytes);
        }
        if (rotateIntervalMs < -1 || scheduleIntervalMs < -1) {
            throw new IllegalArgumentException("intervals must be -1 (off) or positive");
        }
    }

    /** Whether a batch spanning from {@code firstTimestamp} must be written before a record of {@code timestamp} joins it. */
    public boolean rotateBefore(final long firstTimestamp, final long timestamp) {
        return rotateIntervalMs > 0 && timestamp - firstTimestamp >= rotateIntervalMs;
    }

    /** Whether a batch that now holds {@code records} records of {@code bytes} Avro bytes is full. */
    public boolean full(final long records, final long bytes) {
        return records >= flushSize || bytes >= flushSizeBytes;
    }

    /** Whether a batch opened at wall-clock {@code openedAtMs} is due at {@code nowMs}. */
    public boolean due(final long openedAtMs, final long nowMs) {
        return scheduleIntervalMs > 0 && nowMs - openedAtMs >= scheduleIntervalMs;
    }
}
