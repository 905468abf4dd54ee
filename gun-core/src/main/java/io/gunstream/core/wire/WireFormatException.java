package io.gunstream.core.wire;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A frame or message that is not a well-formed Gun wire message. Graph-rule violations inside a {@code put}
 * are reported as {@link io.gunstream.core.graph.InvalidGraphException} instead; both extend
 * {@link IllegalArgumentException}, and nothing else leaves the codec for bad input.
 */
public final class WireFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why the input was refused. Frame-level reasons refuse the whole frame; the others one message. */
    public enum Reason {
        /** Not JSON (gun.js answers {@code {dam:'!', err:"DAM JSON parse error."}}). Frame-level. */
        MALFORMED_JSON(true),
        /** Over {@link WireLimits#maxFrameBytes()} (gun.js: {@code "Message too big!"}). Frame-level. */
        FRAME_TOO_LARGE(true),
        /** JSON nested deeper than {@link WireLimits#maxDepth()}. Frame-level. */
        TOO_DEEP(true),
        /** Empty frame, a frame that does not start with '{' or '[', or a batch element that is not an object. */
        NOT_A_MESSAGE(true),
        /** A protocol field has the wrong type or shape (e.g. {@code "#": 5}, {@code "put": []}). */
        INVALID_FIELD(false),
        /** The same key twice in one JSON object (JSON.parse keeps the last; we refuse the ambiguity). */
        DUPLICATE_KEY(false),
        /**
         * A {@link WireLimits} bound other than frame size and depth. It refuses the whole frame when the batch is
         * too long or when the JSON parser's own backstops trip (a number of over 1000 digits).
         */
        LIMIT_EXCEEDED(false),
        /** A bug in the codec, never expected; reported typed so a peer cannot crash the caller. */
        UNEXPECTED(true);

        private final boolean frameLevel;

        Reason(final boolean frameLevel) {
            this.frameLevel = frameLevel;
        }

        /** True when the rest of the frame cannot be read after this error. */
        public boolean frameLevel() {
            return frameLevel;
        }
    }

    private final Reason reason;
    private final int messageIndex;
    private final String messageId;
    private final long offset;
    private final String detail;

    WireFormatException(final Reason reason, final String detail, final int messageIndex, final String messageId,
                        final long offset, final Throwable cause) {
        super(message(reason, detail, messageIndex, messageId, offset), cause);
        this.reason = reason;
        this.messageIndex = messageIndex;
        this.messageId = messageId;
        this.offset = offset;
        this.detail = detail;
    }

    static WireFormatException of(final Reason reason, final String detail) {
        return new WireFormatException(reason, detail, -1, null, -1, null);
    }

    /** The same error located at a message of the frame and an input offset. */
    WireFormatException locate(final int index, final String id, final long at) {
        if (messageIndex >= 0 || (index < 0 && at < 0)) {
            return this;
        }
        return new WireFormatException(reason, detail, index, id, at, getCause());
    }

    public Reason reason() {
        return reason;
    }

    /** Position of the message in a batched frame (0 for a single-message frame), if the error is in one. */
    public OptionalInt messageIndex() {
        return messageIndex < 0 ? OptionalInt.empty() : OptionalInt.of(messageIndex);
    }

    /** The offending message's {@code #} id, if it was read before the error. */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** Character (String input) or byte (byte[] input) offset where reading stopped, if known. */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /**
     * The {@code err} text gun.js itself sends for this kind of failure, so a relay can answer a gun.js peer in
     * words it already knows: {@code "Message too big!"}, {@code "DAM JSON parse error."}, else this message.
     */
    public String gunError() {
        return switch (reason) {
            case FRAME_TOO_LARGE -> "Message too big!";
            case MALFORMED_JSON, NOT_A_MESSAGE, TOO_DEEP -> "DAM JSON parse error.";
            default -> getMessage();
        };
    }

    private static String message(final Reason reason, final String detail, final int index, final String id,
                                  final long offset) {
        final StringBuilder m = new StringBuilder("Bad Gun frame (").append(reason);
        if (index >= 0) {
            m.append(", message ").append(index);
        }
        if (id != null) {
            m.append(" '").append(id.length() > 32 ? id.substring(0, 32) + "..." : id).append('\'');
        }
        if (offset >= 0) {
            m.append(", offset ").append(offset);
        }
        m.append(')');
        if (detail != null) {
            m.append(": ").append(detail);
        }
        return m.toString();
    }
}
