package io.gunstream.relay.server;

import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.WireCodec;
import io.gunstream.relay.limits.TokenBucket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Gun peer of the relay: a gun.js client connection, or a gun.js relay joined in bridge mode. Holds the
 * peer's handshake id, the souls it asked for, its rate limit, and an outbox that batches queued messages into
 * one frame per write ({@code [m1,m2,...]}, as gun.js's {@code mesh.say} does).
 *
 * <p>Lifecycle: created when the socket opens, {@link #closed()} once it is gone; sends after that are dropped.
 * {@link #send} is thread-safe; frames of one peer are handled one at a time by its transport.
 */
public final class Peer {

    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
    /** Messages written in one batched frame at most, so one frame stays a reasonable size. */
    private static final int MAX_BATCH = 512;

    /** Whether the peer is a client (gets only what it asked for) or a bridged relay (gets every change). */
    public enum Kind { CLIENT, BRIDGE }

    private final String id;
    private final Kind kind;
    private final PeerTransport transport;
    private final WireCodec codec;
    private final TokenBucket rate;
    private final int outboxLimit;
    private final Set<String> souls = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger strikes = new AtomicInteger();
    private volatile boolean closed;
    private volatile String remotePid;

    public Peer(final String id, final Kind kind, final PeerTransport transport, final WireCodec codec,
                final TokenBucket rate, final int outboxLimit) {
        this.id = id;
        this.kind = kind;
        this.transport = transport;
        this.codec = codec;
        this.rate = rate;
        this.outboxLimit = outboxLimit;
    }

    /** This relay's id for the connection (origin {@code peer_id} of its writes); unique across relays and runs. */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code pid} the peer announced in its {@code dam:'?'} handshake, or null before it. */
    public String remotePid() {
        return remotePid;
    }

    void remotePid(final String pid) {
        remotePid = pid;
    }

    TokenBucket rate() {
        return rate;
    }

    /** Adds one strike for refused input; returns the total. */
    int strike() {
        return strikes.incrementAndGet();
    }

    /** Souls this peer asked for (its subscriptions). */
    public Set<String> souls() {
        return souls;
    }

    public boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
        outbox.clear();
    }

    /** Queues a message; written with whatever else is queued in the next frame. */
    public void send(final GunMessage message) {
        sendRaw(codec.write(message));
    }

    /** Queues an already serialised message object. */
    void sendRaw(final String messageJson) {
        if (closed) {
            return;
        }
        if (queued.incrementAndGet() > outboxLimit) {
            LOG.warn("Closing peer {} ({}): {} messages queued and not read (limit.outbox.messages)", id,
                    transport.describe(), outboxLimit);
            close(1008, "too slow: outbox full");
            return;
        }
        outbox.add(messageJson);
        flush();
    }

    private void flush() {
        while (!outbox.isEmpty() && writing.compareAndSet(false, true)) {
            final String first = outbox.poll();
            if (first == null) {
                writing.set(false);
                continue;
            }
            int count = 1;
            String frame = first;
            String next = outbox.peek() == null ? null : outbox.poll();
            if (next != null) {
                final StringBuilder batch = new StringBuilder(first.length() * 4).append('[').append(first);
                while (next != null) {
                    batch.append(',').append(next);
                    count++;
                    next = count < MAX_BATCH ? outbox.poll() : null;
                }
                frame = batch.append(']').toString();
            }
            queued.addAndGet(-count);
            if (LOG.isTraceEnabled()) {
                LOG.trace("{} <- {}", id, frame.length() > 2000 ? frame.substring(0, 2000) : frame);
            }
            transport.send(frame, this::written, this::failed);
            return;
        }
    }

    private void written() {
        writing.set(false);
        flush();
    }

    private void failed(final Throwable error) {
        writing.set(false);
        LOG.debug("Write to peer {} ({}) failed: {}", id, transport.describe(), error.toString());
        close(1011, "write failed");
    }

    /** Closes the socket; the relay forgets the peer when the transport reports it closed. */
    public void close(final int code, final String reason) {
        transport.close(code, reason);
    }

    @Override
    public String toString() {
        return "peer " + id + " (" + kind + ", " + transport.describe() + ")";
    }
}
