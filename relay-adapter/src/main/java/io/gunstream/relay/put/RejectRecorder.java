package io.gunstream.relay.put;

import io.gunstream.core.graph.GunNode;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.convert.GunAvro;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refused input and records it on the rejects topic for operators. Best effort: a reject that Kafka does
 * not take is logged, never retried, and never delays the answer to the client. Thread-safe.
 */
public final class RejectRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RejectRecorder.class);
    /** Raw input kept in a Reject at most, so garbage cannot fill the rejects topic. */
    private static final int MAX_RAW_BYTES = 4096;

    private final Producer<String, Reject> producer;
    private final String topic;
    private final RelayCounters counters;
    private final Clock clock;
    private final ProduceLanes lanes;

    /** @param lanes where {@code producer.send} runs, so recording a refusal never blocks a connection */
    public RejectRecorder(final Producer<String, Reject> producer, final String topic, final RelayCounters counters,
                          final Clock clock, final ProduceLanes lanes) {
        this.producer = producer;
        this.lanes = lanes;
        this.topic = topic;
        this.counters = counters;
        this.clock = clock;
    }

    /** A refused node or message; {@code node} (the refused write) and {@code origin} may be null. */
    public void record(final String reason, final String soul, final String key, final String message,
                       final GunNode node, final Origin origin) {
        counters.rejected(reason);
        final Reject.Builder reject = Reject.newBuilder().setReason(reason).setMessage(message)
                .setSoul(soul).setKey(key).setOrigin(origin).setTimestamp(clock.instant());
        if (node != null && origin != null) {
            try {
                reject.setDelta(GunAvro.toDelta(node, origin, clock.instant()));
            } catch (final RuntimeException e) {
                // the delta itself is not encodable (e.g. lone surrogates); the reason already says why
            }
        }
        send(soul, reject);
    }

    /** A frame that could not be read at all; the first bytes are kept. */
    public void recordRaw(final String reason, final String message, final byte[] raw, final Origin origin) {
        counters.rejected(reason);
        final byte[] kept = raw.length > MAX_RAW_BYTES ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
        send(null, Reject.newBuilder().setReason(reason).setMessage(message).setOrigin(origin)
                .setRawValue(ByteBuffer.wrap(kept)).setTimestamp(clock.instant()));
    }

    /** Counts a refusal that is not worth a record (rate limit): only the counter moves. */
    public void count(final String reason) {
        counters.rejected(reason);
    }

    private void send(final String soul, final Reject.Builder reject) {
        // the refusal is already counted and answered; the record is for operators, so a full lane only costs the record
        if (!lanes.submit(reject.getReason(), () -> produce(soul, reject))) {
            counters.rejectNotRecorded();
            LOG.warn("Not recording a reject ({}) on {}: its queue is full", reject.getReason(), topic);
        }
    }

    private void produce(final String soul, final Reject.Builder reject) {
        try {
            producer.send(new ProducerRecord<>(topic, soul, reject.build()), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("Could not record a reject ({}) on {}: {}", reject.getReason(), topic, error.toString());
                }
            });
        } catch (final RuntimeException e) {
            LOG.warn("Could not record a reject ({}) on {}: {}", reject.getReason(), topic, e.toString());
        }
    }

}
