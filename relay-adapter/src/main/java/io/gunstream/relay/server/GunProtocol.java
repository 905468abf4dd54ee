package io.gunstream.relay.server;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.InvalidGraphException;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.ReadResult;
import io.gunstream.core.wire.WireCodec;
import io.gunstream.core.wire.WireFormatException;
import io.gunstream.relay.fanout.ChangeFanout;
import io.gunstream.relay.fanout.Subscriptions;
import io.gunstream.relay.get.GetHandler;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.relay.put.PutHandler;
import io.gunstream.relay.put.RejectRecorder;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gun wire protocol as a relay speaks it (gun.js {@code src/mesh.js}, {@code src/root.js}): the
 * {@code dam:'?'} handshake, batched frames, message-id dedup across peers, puts to Kafka, gets from merged
 * state with subscriptions, and fan-out of changes to subscribed peers. Transport-independent: the Jetty
 * endpoint and the bridge client feed frames in. Thread-safe.
 */
public final class GunProtocol implements ChangeFanout.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(GunProtocol.class);

    private final WireCodec codec;
    private final Dedup dedup;
    private final String pid;
    private final String relayId;
    private final PutHandler puts;
    private final GetHandler gets;
    private final Subscriptions subscriptions;
    private final RejectRecorder rejects;
    private final RelayCounters counters;
    private final int abuseStrikes;
    private final Set<Peer> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final io.gunstream.relay.fanout.SubscriptionMemory memory;

    public GunProtocol(final WireCodec codec, final Dedup dedup, final String pid, final String relayId,
                       final PutHandler puts, final GetHandler gets, final Subscriptions subscriptions,
                       final RejectRecorder rejects, final RelayCounters counters, final int abuseStrikes,
                       final io.gunstream.relay.fanout.SubscriptionMemory memory) {
        this.memory = memory;
        this.codec = codec;
        this.dedup = dedup;
        this.pid = pid;
        this.relayId = relayId;
        this.puts = puts;
        this.gets = gets;
        this.subscriptions = subscriptions;
        this.rejects = rejects;
        this.counters = counters;
        this.abuseStrikes = abuseStrikes;
    }

    /** This relay's peer id in handshakes. */
    public String pid() {
        return pid;
    }

    public int connections() {
        return peers.size();
    }

    /** A peer connected: greet it like gun.js does ({@code {dam:'?', pid}}). */
    public void opened(final Peer peer) {
        peers.add(peer);
        if (peer.kind() == Peer.Kind.BRIDGE) {
            subscriptions.subscribeAll(peer);
        }
        final String id = MessageIds.next();
        dedup.track(id);
        peer.send(GunMessage.builder().id(id).dam("?").pid(pid).build());
    }

    public void closed(final Peer peer) {
        if (peer.kind() == Peer.Kind.CLIENT) {
            memory.remember(peer.remotePid(), peer.souls());
        }
        peer.markClosed();
        peers.remove(peer);
        subscriptions.remove(peer);
    }

    /** One text frame from {@code peer}: a message or a batch. */
    public void frame(final Peer peer, final byte[] frame) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} -> {}", peer.id(), new String(frame, 0, Math.min(frame.length, 2000), java.nio.charset.StandardCharsets.UTF_8));
        }
        final ReadResult read;
        try {
            read = codec.readEach(frame);
        } catch (final WireFormatException e) {
            peer.send(GunMessage.damError(e.gunError()));
            rejects.recordRaw(e.reason().name(), e.getMessage(), frame, origin(peer, null));
            strike(peer);
            return;
        }
        for (final ReadResult.RejectedMessage bad : read.rejected()) {
            final IllegalArgumentException error = bad.error();
            final String reason = error instanceof InvalidGraphException g ? g.rule().name()
                    : error instanceof WireFormatException w ? w.reason().name() : "INVALID";
            final String soul = error instanceof InvalidGraphException g ? g.soul().orElse(null) : null;
            final String key = error instanceof InvalidGraphException g ? g.key().orElse(null) : null;
            rejects.record(reason, soul, key, error.getMessage(), null, origin(peer, bad.messageId()));
            if (bad.messageId() != null) {
                peer.send(GunMessage.builder().id(MessageIds.next()).replyTo(bad.messageId()).err(error.getMessage()).build());
            } else {
                peer.send(GunMessage.damError(error.getMessage()));
            }
            if (strike(peer)) {
                return;
            }
        }
        for (final GunMessage message : read.messages()) {
            if (peer.closed()) {
                return;
            }
            message(peer, message);
        }
    }

    private void message(final Peer peer, final GunMessage message) {
        if (message.id() != null && !dedup.firstSeen(message.id())) {
            return;
        }
        if (message.isDam()) {
            dam(peer, message);
            return;
        }
        if (!peer.rate().tryAcquire()) {
            rejects.count("RATE_LIMIT");
            if (message.id() != null && message.replyTo() == null) {
                peer.send(GunMessage.builder().id(MessageIds.next()).replyTo(message.id())
                        .err("Too many messages: this connection sent more than its limit per second (limit.messages.per.second); retry later").build());
            }
            strike(peer);
            return;
        }
        if (message.hasPut()) {
            if (message.put().isEmpty()) {
                return;
            }
            final SourceKind kind = peer.kind() == Peer.Kind.BRIDGE ? SourceKind.GUN_SOURCE : SourceKind.RELAY;
            // a put answering a get ('@') is data, not a write the sender waits on: stored but not acked
            final boolean ack = message.replyTo() == null && message.id() != null;
            GunMessage write = message;
            if (!ack) {
                write = gets.onlyNews(message);
                if (write == null) {
                    return;
                }
            }
            puts.handle(peer.id(), kind, write, ack, peer::send);
            return;
        }
        if (message.get() != null) {
            final String soul = message.get().soul();
            final boolean first = subscriptions.subscribe(peer, soul);
            if (message.id() != null) {
                gets.answer(message.get(), message.id(), peer::send);
            }
            if (first && peer.kind() == Peer.Kind.CLIENT) {
                // Ask back once per soul and connection: a client that reconnects re-sends its gets (gun.js 'hi'), and
                // its answer carries what it wrote while offline, which gun.js would otherwise never send again.
                final String id = MessageIds.next();
                dedup.track(id);
                peer.send(GunMessage.builder().id(id).get(io.gunstream.core.wire.GetRequest.node(soul)).build());
            }
        }
        // anything else ({"@":id,"ok":..} acks of what we pushed, unknown messages) needs no answer
    }

    private void dam(final Peer peer, final GunMessage message) {
        if (!"?".equals(message.dam())) {
            return;
        }
        if (message.pid() != null && peer.remotePid() == null) {
            peer.remotePid(message.pid());
            if (peer.kind() == Peer.Kind.CLIENT) {
                for (final String soul : memory.recall(message.pid())) {
                    resubscribe(peer, soul);
                }
            }
        }
        if (message.replyTo() == null && message.id() != null) {
            peer.send(GunMessage.builder().id(MessageIds.next()).replyTo(message.id()).dam("?").pid(pid).build());
        }
    }

    /**
     * A reconnecting client's earlier subscription: subscribe again, send what it may have missed (the merged
     * node; gun.js drops what it already has by HAM) and ask for what it wrote while offline.
     */
    private void resubscribe(final Peer peer, final String soul) {
        if (!subscriptions.subscribe(peer, soul)) {
            return;
        }
        gets.current(soul).ifPresent(node -> {
            final String id = MessageIds.next();
            dedup.track(id);
            peer.send(GunMessage.builder().id(id).put(Map.of(soul, node)).build());
        });
        final String id = MessageIds.next();
        dedup.track(id);
        peer.send(GunMessage.builder().id(id).get(io.gunstream.core.wire.GetRequest.node(soul)).build());
    }

    /** Saves remembered subscriptions of the peers still connected (relay stopping). */
    public void rememberAll() {
        for (final Peer peer : peers) {
            if (peer.kind() == Peer.Kind.CLIENT) {
                memory.remember(peer.remotePid(), peer.souls());
            }
        }
        memory.save();
    }

    /** Counts a strike; closes the peer and returns true when it reached the abuse limit. */
    private boolean strike(final Peer peer) {
        if (peer.strike() >= abuseStrikes && !peer.closed()) {
            counters.closedForAbuse();
            LOG.warn("Closing {}: {} refused messages (limit.abuse.strikes)", peer, abuseStrikes);
            peer.close(1008, "too many refused messages");
            return true;
        }
        return false;
    }

    @Override
    public void onChange(final GunNode fields, final Origin origin) {
        final Set<Peer> targets = subscriptions.of(fields.soul());
        if (targets.isEmpty()) {
            return;
        }
        final String id = MessageIds.next();
        dedup.track(id);
        final GunMessage message = GunMessage.builder().id(id).put(Map.of(fields.soul(), fields)).build();
        final String json = codec.write(message);
        final boolean ours = origin != null && relayId.equals(origin.getRelayId());
        for (final Peer peer : targets) {
            // the writer already holds what it wrote; a bridged relay must not get its own writes back (loops)
            if (ours && peer.id().equals(origin.getPeerId())) {
                continue;
            }
            peer.sendRaw(json);
            counters.changePushed();
        }
    }

    private Origin origin(final Peer peer, final String messageId) {
        return Origin.newBuilder().setKind(peer.kind() == Peer.Kind.BRIDGE ? SourceKind.GUN_SOURCE : SourceKind.RELAY)
                .setRelayId(relayId).setPeerId(peer.id()).setMessageId(messageId).build();
    }
}
