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
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Gun {@code put} into one {@link GunDelta} per node on the deltas topic and answers the writer with
 * gun's storage ack {@code {"@": put#, ok: true}} only once Kafka acknowledged every node (the producer runs with
 * {@code acks=all} and idempotence). A put that is not acknowledged within the ack timeout, or fails, gets
 * {@code {"@": put#, err: ...}}; a put that breaks a SEA rule or cannot be encoded gets {@code err}, produces no
 * delta and is recorded on the rejects topic. Thread-safe.
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

    public PutHandler(final Producer<String, GunDelta> producer, final String deltasTopic, final RejectRecorder rejects,
                      final String relayId, final Duration ackTimeout, final Clock clock, final RelayCounters counters) {
        this.producer = producer;
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
        final List<CompletableFuture<Void>> sent = new ArrayList<>(deltas.size());
        for (final GunDelta delta : deltas) {
            final CompletableFuture<Void> one = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(deltasTopic, delta.getSoul(), delta), (metadata, error) -> {
                    if (error == null) {
                        one.complete(null);
                    } else {
                        one.completeExceptionally(error);
                    }
                });
            } catch (final RuntimeException e) {
                one.completeExceptionally(e);
            }
            sent.add(one);
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
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
                            : "Kafka refused the write: " + cause + "; not stored, retry";
                    LOG.warn("put {} from peer {} ({} nodes) not acknowledged: {}", put.id(), peerId, deltas.size(), text);
                    if (ack) {
                        reply.accept(GunMessage.builder().id(io.gunstream.relay.server.MessageIds.next())
                                .replyTo(put.id()).err(text).build());
                    }
                    return false;
                });
    }

    private CompletableFuture<Boolean> answerError(final GunMessage put, final String text, final boolean ack,
                                                   final Consumer<GunMessage> reply) {
        if (ack && put.id() != null) {
            reply.accept(GunMessage.builder().id(io.gunstream.relay.server.MessageIds.next()).replyTo(put.id()).err(text).build());
        }
        return CompletableFuture.completedFuture(false);
    }

}
