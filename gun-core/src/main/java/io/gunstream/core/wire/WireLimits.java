package io.gunstream.core.wire;

/**
 * Bounds on what one WebSocket frame may contain. Every bound is checked while reading, before the offending
 * part is materialised, and breaking one gives a {@link WireFormatException} ({@code FRAME_TOO_LARGE},
 * {@code TOO_DEEP} or {@code LIMIT_EXCEEDED}).
 *
 * <p>gun.js itself only bounds the frame length ({@code opt.max}, about 90 million characters by default); the
 * defaults here are far smaller because a relay must not let one client pin megabytes of heap per message.
 *
 * @param maxFrameBytes        UTF-8 bytes of one frame (for a {@code String} frame, its UTF-8 length)
 * @param maxMessagesPerBatch  messages in one batched frame {@code [m1,m2,...]}
 * @param maxNodesPerPut       souls in one {@code put} graph
 * @param maxKeysPerNode       data keys (and states) of one node
 * @param maxKeyLength         characters of a soul, key, message id or other protocol string
 * @param maxStringValueLength characters of one string value (node values and unmodelled fields)
 * @param maxDepth             JSON nesting depth of the frame; gun's own structures need 6 (batch, message,
 *                             put, node, meta, state map), so it must be 8 to 512
 */
public record WireLimits(int maxFrameBytes, int maxMessagesPerBatch, int maxNodesPerPut, int maxKeysPerNode,
                         int maxKeyLength, int maxStringValueLength, int maxDepth) {

    /** 8 MiB frames, 4096 messages per batch, 10,000 nodes per put, 65,536 keys per node, 4096-char keys,
     * 4 Mi-char strings, depth 32. */
    public static final WireLimits DEFAULTS = new WireLimits(8 << 20, 4096, 10_000, 65_536, 4096, 4 << 20, 32);

    /** Smallest depth that still admits every gun.js message shape. */
    public static final int MIN_DEPTH = 8;
    /** Largest depth accepted: unmodelled values are copied recursively, so the depth bounds the stack. */
    public static final int MAX_DEPTH = 512;

    public WireLimits {
        requirePositive("maxFrameBytes", maxFrameBytes);
        requirePositive("maxMessagesPerBatch", maxMessagesPerBatch);
        requirePositive("maxNodesPerPut", maxNodesPerPut);
        requirePositive("maxKeysPerNode", maxKeysPerNode);
        requirePositive("maxKeyLength", maxKeyLength);
        requirePositive("maxStringValueLength", maxStringValueLength);
        if (maxDepth < MIN_DEPTH || maxDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be between " + MIN_DEPTH
                    + " (gun.js messages nest 6 deep) and " + MAX_DEPTH + " (the reader recurses), was " + maxDepth);
        }
    }

    public WireLimits withMaxFrameBytes(final int value) {
        return new WireLimits(value, maxMessagesPerBatch, maxNodesPerPut, maxKeysPerNode, maxKeyLength, maxStringValueLength, maxDepth);
    }

    public WireLimits withMaxMessagesPerBatch(final int value) {
        return new WireLimits(maxFrameBytes, value, maxNodesPerPut, maxKeysPerNode, maxKeyLength, maxStringValueLength, maxDepth);
    }

    public WireLimits withMaxNodesPerPut(final int value) {
        return new WireLimits(maxFrameBytes, maxMessagesPerBatch, value, maxKeysPerNode, maxKeyLength, maxStringValueLength, maxDepth);
    }

    public WireLimits withMaxKeysPerNode(final int value) {
        return new WireLimits(maxFrameBytes, maxMessagesPerBatch, maxNodesPerPut, value, maxKeyLength, maxStringValueLength, maxDepth);
    }

    public WireLimits withMaxKeyLength(final int value) {
        return new WireLimits(maxFrameBytes, maxMessagesPerBatch, maxNodesPerPut, maxKeysPerNode, value, maxStringValueLength, maxDepth);
    }

    public WireLimits withMaxStringValueLength(final int value) {
        return new WireLimits(maxFrameBytes, maxMessagesPerBatch, maxNodesPerPut, maxKeysPerNode, maxKeyLength, value, maxDepth);
    }

    public WireLimits withMaxDepth(final int value) {
        return new WireLimits(maxFrameBytes, maxMessagesPerBatch, maxNodesPerPut, maxKeysPerNode, maxKeyLength, maxStringValueLength, value);
    }

    private static void requirePositive(final String name, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
