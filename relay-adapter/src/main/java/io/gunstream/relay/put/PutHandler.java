package io.gunstream.relay.put;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.sea.SeaVerdict;
import io.gunstream.core.sea.SoulAuthority;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.RawJson;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.convert.InvalidRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Gun {@code put} into one {@link GunDelta} per node on the deltas topic and answers the writer with
 * gun's storage ack {@code {"@": put#, ok: true}} only once Kafka acknowledged every node (the producer runs with
 * {@code acks=all} and idempotence). A put that is not acknowledged within the ack timeout, or fails, gets
 * {@code {"@": put#, err: ...}}, and so does a put that finds the produce lanes full (back-pressure); a put that breaks a SEA rule or cannot be encoded gets {@code err}, produces no
 * delta and is recorded on the rejects topic. Validation runs on the caller's thread, {@code producer.send} on a
 * {@link ProduceLanes} lane, so a broker outage never blocks a connection. Thread-safe.
 */
public final class PutHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PutHandler.class);

    private final Producer<String, GunDelta> producer;
    private final String deltasTopic;
    private final RejectRecorder rejects;
    private final SoulAuthority authority = new SoulAuthority();
    private final String relayId;
    private final Duration ackTimeout;
    private final Clock clock;
    private final RelayCounters counters;
    private final ProduceLanes lanes;

    /** @param lanes where {@code producer.send} runs (never on the caller's socket thread) */
    public PutHandler(final Producer<String, GunDelta> producer, final String deltasTopic, final RejectRecorder rejects,
                      final String relayId, final Duration ackTimeout, final Clock clock, final RelayCounters counters,
                      final ProduceLanes lanes) {
        this.producer = producer;
        this.lanes = lanes;
        this.deltasTopic = deltasTopic;
        this.rejects = rejects;
        this.relayId = relayId;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Handles one put message from peer {@code peerId}.
     *
     * @param sourceKind RELAY for gun.js clients, GUN_SOURCE for writes heard from a bridged gun.js relay
     * @param ack        whether the writer expects an ack (gun.js acks puts; replies to gets are not acked)
     * @param reply      where the ack or error goes (the peer's outbox)
     * @return a future completed once the put was answered (for tests and the bridge)
     */
    public CompletableFuture<Boolean> handle(final String peerId, final SourceKind sourceKind, final GunMessage put,
                                             final boolean ack, final Consumer<GunMessage> reply) {
        counters.put();
        final Origin origin = Origin.newBuilder().setKind(sourceKind).setRelayId(relayId).setPeerId(peerId)
                .setMessageId(put.id()).build();
        final List<GunDelta> deltas = new ArrayList<>(put.put().size());
        final java.time.Instant now = clock.instant();
        for (final GunNode node : put.put().values()) {
            final List<SeaVerdict.Rejected> refused = authority.check(node);
            if (!refused.isEmpty()) {
                final SeaVerdict.Rejected first = refused.get(0);
                rejects.record(first.reason().name(), first.soul(), first.key(), first.message(), node, origin);
                return answerError(put, first.message(), ack, reply);
            }
            try {
                deltas.add(GunAvro.toDelta(node, origin, now));
            } catch (final InvalidRecordException e) {
                rejects.record(e.reason(), e.soul().orElse(node.soul()), e.key().orElse(null), e.getMessage(), null, origin);
                return answerError(put, e.getMessage(), ack, reply);
            }
        }
        // The ack timeout runs from here, so time spent waiting for a lane counts too.
        final CompletableFuture<Void> stored = new CompletableFuture<>();
        final CompletableFuture<Boolean> answered = stored.orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> answer(put, peerId, deltas.size(), ack, reply, error));
        if (!lanes.submit(peerId, () -> produce(deltas, stored))) {
            counters.busy();
            stored.completeExceptionally(new RelayBusyException(lanes.capacity()));
        }
        return answered;
    }

    /** On a produce lane: sends every delta; {@code stored} completes when Kafka acked all, or with the first error. */
    private void produce(final List<GunDelta> deltas, final CompletableFuture<Void> stored) {
        if (stored.isDone()) {
            return; // timed out while queued: the writer already has err and will retry
        }
        final AtomicInteger remaining = new AtomicInteger(deltas.size());
        for (final GunDelta delta : deltas) {
            try {
                producer.send(new ProducerRecord<>(deltasTopic, delta.getSoul(), delta), (metadata, error) -> {
                    if (error != null) {
                        stored.completeExceptionally(error);
                    } else if (remaining.decrementAndGet() == 0) {
                        stored.complete(null);
                    }
                });
            } catch (final RuntimeException e) {
                stored.completeExceptionally(e);
                return;
            }
        }
    }

    private boolean answer(final GunMessage put, final String peerId, final int nodes, final boolean ack,
                           final Consumer<GunMessage> reply, final Throwable error) {
        if (error == null) {
            counters.acked();
            if (ack) {
                reply.accept(GunMessage.builder().id(io.gunstream.relay.server.MessageIds.next())
                        .replyTo(put.id()).ok(RawJson.TRUE).build());
            }
            return true;
        }
        counters.ackFailed();
        final Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        final String text = cause instanceof TimeoutException
                ? "Kafka did not acknowledge the write within " + ackTimeout.toMillis() + " ms (ack.timeout.ms); not stored, retry"
                : cause instanceof RelayBusyException ? cause.getMessage()
                : "Kafka refused the write: " + cause + "; not stored, retry";
        LOG.warn("put {} from peer {} ({} nodes) not acknowledged: {}", put.id(), peerId, nodes, text);
        if (ack) {
            reply.accept(GunMessage.builder().id(io.gunstream.relay.server.MessageIds.next())
                    .replyTo(put.id()).err(text).build());
        }
        return false;
    }

    private CompletableFuture<Boolean> answerError(final GunMessage put, final String text, final boolean ack,
                                                   final Consumer<GunMessage> reply) {
        if (ack && put.id() != null) {
            reply.accept(GunMessage.builder().id(io.gunstream.relay.server.MessageIds.next()).replyTo(put.id()).err(text).build());
        }
        return CompletableFuture.completedFuture(false);
    }

}
