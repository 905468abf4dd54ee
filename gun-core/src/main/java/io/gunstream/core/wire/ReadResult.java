package io.gunstream.core.wire;

import java.util.List;

/**
 * What {@link WireCodec#readEach} made of a frame: the messages that were valid, and the ones refused, each
 * with its position and error. gun.js also handles batched messages one by one, so one bad put must not cost
 * the other messages of its frame.
 *
 * @param messages valid messages, in frame order; unmodifiable
 * @param rejected refused messages, in frame order; unmodifiable
 */
public record ReadResult(List<GunMessage> messages, List<RejectedMessage> rejected) {

    public ReadResult {
        messages = List.copyOf(messages);
        rejected = List.copyOf(rejected);
    }

    /**
     * A message of the frame that was refused.
     *
     * @param index     position in the batch (0 for a single-message frame)
     * @param messageId its {@code #}, when it could be read, so the relay can answer {@code {"@": id, "err": ...}};
     *                  null otherwise
     * @param error     a {@link WireFormatException} or an {@link io.gunstream.core.graph.InvalidGraphException}
     */
    public record RejectedMessage(int index, String messageId, IllegalArgumentException error) {

        public RejectedMessage {
            if (index < 0 || error == null) {
                throw new IllegalArgumentException("index must be >= 0 and error present");
            }
        }
    }
}
