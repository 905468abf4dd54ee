package io.gunstream.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and writes Gun WebSocket frames: one message object {@code {...}} or a batch {@code [{...},{...}]}
 * (gun.js {@code src/mesh.js}). Reading streams through Jackson's parser and checks {@link WireLimits} and
 * gun's graph rules on the way; writing produces the bytes gun.js on Node would send for the same messages
 * (keys sorted at every level, strings and numbers as V8 prints them). Immutable and thread-safe: create one
 * per set of limits and share it.
 *
 * <p>Bad input raises {@link WireFormatException} (frame or protocol problems) or
 * {@link io.gunstream.core.graph.InvalidGraphException} (a {@code put} breaking a graph rule, naming soul and
 * key); no other exception type escapes for any input.
 */
public final class WireCodec {

    private final WireLimits limits;
    private final FrameReader reader;

    public WireCodec(final WireLimits limits) {
        this.limits = limits;
        this.reader = new FrameReader(limits);
    }

    /** A codec with {@link WireLimits#DEFAULTS}. */
    public WireCodec() {
        this(WireLimits.DEFAULTS);
    }

    public WireLimits limits() {
        return limits;
    }

    /** All messages of a text frame (unmodifiable); the first problem anywhere refuses the whole frame. */
    public List<GunMessage> read(final String frame) {
        return reader.readAll(frame);
    }

    /** All messages of a UTF-8 frame; the first problem anywhere refuses the whole frame. */
    public List<GunMessage> read(final byte[] utf8Frame) {
        return reader.readAll(utf8Frame);
    }

    /**
     * Reads a frame message by message, as gun.js handles a batch: a message that breaks a rule is skipped and
     * reported in {@link ReadResult#rejected()}, the others are returned. Problems that make the rest of the
     * frame unreadable (malformed JSON, size, depth, batch length) still throw.
     */
    public ReadResult readEach(final String frame) {
        return reader.readEach(frame);
    }

    /** {@link #readEach(String)} for a UTF-8 frame. */
    public ReadResult readEach(final byte[] utf8Frame) {
        return reader.readEach(utf8Frame);
    }

    /** One message as a frame. */
    public String write(final GunMessage message) {
        final StringBuilder out = new StringBuilder(sizeHint(message));
        JsonOut.appendMessage(out, message);
        return out.toString();
    }

    /**
     * A frame for several messages: a single message is sent bare, more as a batch {@code [m1,m2]} like gun's
     * {@code mesh.say} batching; an empty list gives {@code []}.
     */
    public String write(final List<GunMessage> messages) {
        if (messages.size() == 1) {
            return write(messages.get(0));
        }
        final StringBuilder out = new StringBuilder(sizeHint(messages));
        JsonOut.appendBatch(out, messages);
        return out.toString();
    }

    /** Always a batch frame {@code [...]}, even for one message (gun.js flushes a lone batched message so). */
    public String writeBatch(final List<GunMessage> messages) {
        final StringBuilder out = new StringBuilder(sizeHint(messages));
        JsonOut.appendBatch(out, messages);
        return out.toString();
    }

    /** {@link #write(GunMessage)} as UTF-8 (always well-formed: lone surrogates are written escaped). */
    public byte[] writeUtf8(final GunMessage message) {
        return write(message).getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #write(List)} as UTF-8. */
    public byte[] writeUtf8(final List<GunMessage> messages) {
        return write(messages).getBytes(StandardCharsets.UTF_8);
    }

    /** A capacity that avoids most buffer growth: about 48 characters per field of a put. */
    private static int sizeHint(final GunMessage message) {
        int fields = 0;
        if (message.put() != null) {
            for (final io.gunstream.core.graph.GunNode node : message.put().values()) {
                fields += node.fields().size() + 1;
            }
        }
        return (int) Math.min(1 << 24, 128L + 48L * fields);
    }

    private static int sizeHint(final List<GunMessage> messages) {
        long total = 2;
        for (final GunMessage m : messages) {
            total += sizeHint(m);
        }
        return (int) Math.min(1 << 24, total);
    }
}
