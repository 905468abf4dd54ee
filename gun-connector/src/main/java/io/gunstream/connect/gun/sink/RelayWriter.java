package io.gunstream.connect.gun.sink;

import io.gunstream.connect.gun.GunPeer;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.wire.GetRequest;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.RawJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers puts to one gun.js relay and finds out which arrived: a put counts as delivered when the relay acks it
 * ({@code {"@": put id, "ok": ...}}), or, failing an ack within the timeout, when reading each field back shows the
 * relay holding it at our state or a newer one. gun.js acks only the keys HAM applied, so a put that repeats what the
 * relay already has (a redelivery after a crash) is never acked: the read-back is what confirms it.
 *
 * <p>Thread-safety: {@link #deliver} runs on the task thread; the peer's thread calls the {@link GunPeer.Handler}
 * methods; both meet under this object's monitor.
 */
final class RelayWriter implements GunPeer.Handler {

    private static final Logger log = LoggerFactory.getLogger(RelayWriter.class);
    /** Messages per WebSocket frame (gun.js batches the same way). */
    private static final int FRAME_MESSAGES = 100;

    /** One node to put; {@link #delivered} once acked or read back. */
    static final class Write {
        final GunNode node;
        final Object tag;
        private final Set<String> unconfirmedKeys = new HashSet<>();
        private boolean delivered;
        private String error;

        Write(final GunNode node, final Object tag) {
            this.node = node;
            this.tag = tag;
        }

        synchronized boolean delivered() {
            return delivered;
        }

        synchronized String error() {
            return error;
        }
    }

    private record Probe(Write write, String key, double state) {
    }

    private final Map<String, Write> puts = new HashMap<>();
    private final Map<String, Probe> probes = new HashMap<>();
    private GunPeer peer;

    void attach(final GunPeer peer) {
        this.peer = peer;
    }

    GunPeer peer() {
        return peer;
    }

    /**
     * Sends the undelivered {@code writes} and waits up to {@code timeoutMs} for acks, then up to {@code timeoutMs}
     * for read-backs of the rest. Returns the writes still not delivered (empty: all arrived). A relay error reply
     * marks the write with {@link Write#error()} and leaves it undelivered.
     */
    List<Write> deliver(final List<Write> writes, final long timeoutMs) throws InterruptedException {
        final List<Write> open = undelivered(writes);
        if (open.isEmpty() || !awaitConnected(timeoutMs)) {
            return open;
        }
        final List<GunMessage> messages = new ArrayList<>(open.size());
        synchronized (this) {
            for (Write write : open) {
                final String id = peer.newId();
                puts.put(id, write);
                messages.add(GunMessage.builder().id(id).put(write.node).ok(RawJson.okHops(0, 9)).build());
            }
        }
        sendFrames(messages);
        awaitDelivered(open, System.nanoTime() + timeoutMs * 1_000_000);
        final List<Write> unacked = undelivered(open);
        if (unacked.isEmpty()) {
            return unacked;
        }
        final List<GunMessage> gets = new ArrayList<>();
        synchronized (this) {
            for (Write write : unacked) {
                if (write.error() != null) {
                    continue;
                }
                synchronized (write) {
                    write.unconfirmedKeys.clear();
                    write.unconfirmedKeys.addAll(write.node.fields().keySet());
                }
                write.node.fields().forEach((key, field) -> {
                    final String id = peer.newId();
                    probes.put(id, new Probe(write, key, field.state()));
                    gets.add(GunMessage.builder().id(id).get(GetRequest.field(write.node.soul(), key)).build());
                });
            }
        }
        sendFrames(gets);
        awaitDelivered(unacked, System.nanoTime() + timeoutMs * 1_000_000);
        synchronized (this) {
            puts.values().removeIf(unacked::contains);
            probes.values().removeIf(p -> unacked.contains(p.write()));
        }
        return undelivered(unacked);
    }

    private void sendFrames(final List<GunMessage> messages) {
        for (int from = 0; from < messages.size(); from += FRAME_MESSAGES) {
            if (!peer.send(messages.subList(from, Math.min(messages.size(), from + FRAME_MESSAGES)))) {
                return;
            }
        }
    }

    private synchronized boolean awaitConnected(final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!peer.isConnected()) {
            final long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return true;
    }

    private synchronized void awaitDelivered(final List<Write> writes, final long deadlineNanos) throws InterruptedException {
        while (writes.stream().anyMatch(w -> !w.delivered() && w.error() == null)) {
            final long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    private static List<Write> undelivered(final List<Write> writes) {
        return writes.stream().filter(w -> !w.delivered()).toList();
    }

    @Override
    public synchronized void onConnected(final GunPeer connected) {
        notifyAll();
    }

    @Override
    public synchronized void onMessage(final GunPeer from, final GunMessage message) {
        final String replyTo = message.replyTo();
        if (replyTo == null) {
            return;
        }
        final Write write = puts.remove(replyTo);
        if (write != null) {
            synchronized (write) {
                if (message.err() != null) {
                    write.error = message.err();
                    log.warn("Relay {} refused the put of {}: {}", from.relay(), write.node.soul(), message.err());
                } else if (!message.hasPut()) {
                    write.delivered = true;
                }
            }
            notifyAll();
            return;
        }
        final Probe probe = probes.get(replyTo);
        if (probe == null || !message.hasPut()) {
            return;
        }
        final GunNode held = message.put().get(probe.write().node.soul());
        final FieldState field = held == null ? null : held.fields().get(probe.key());
        if (field != null && field.state() >= probe.state()) {
            probes.remove(replyTo);
            synchronized (probe.write()) {
                probe.write().unconfirmedKeys.remove(probe.key());
                if (probe.write().unconfirmedKeys.isEmpty()) {
                    probe.write().delivered = true;
                }
            }
            notifyAll();
        }
    }
}
