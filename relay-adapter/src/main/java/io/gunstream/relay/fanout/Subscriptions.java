package io.gunstream.relay.fanout;

import io.gunstream.relay.server.Peer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which peers asked for which souls: a peer that sent a {@code get} for a soul receives every later change of
 * it, as gun.js relays forward puts to peers that asked. Bridged relays receive every change. Thread-safe.
 */
public final class Subscriptions {

    private final Map<String, Set<Peer>> bySoul = new ConcurrentHashMap<>();
    private final Set<Peer> everything = ConcurrentHashMap.newKeySet();

    /** Subscribes {@code peer} to {@code soul}; true if it was not subscribed yet. */
    public boolean subscribe(final Peer peer, final String soul) {
        if (peer.souls().add(soul)) {
            bySoul.computeIfAbsent(soul, s -> ConcurrentHashMap.newKeySet()).add(peer);
            return true;
        }
        return false;
    }

    /** The peer receives every change (a bridged gun.js relay). */
    public void subscribeAll(final Peer peer) {
        everything.add(peer);
    }

    public void remove(final Peer peer) {
        everything.remove(peer);
        for (final String soul : peer.souls()) {
            bySoul.computeIfPresent(soul, (s, peers) -> {
                peers.remove(peer);
                return peers.isEmpty() ? null : peers;
            });
        }
    }

    /** Peers subscribed to {@code soul}, plus those subscribed to everything. */
    public Set<Peer> of(final String soul) {
        final Set<Peer> peers = bySoul.get(soul);
        if (everything.isEmpty()) {
            return peers == null ? Set.of() : peers;
        }
        final Set<Peer> all = ConcurrentHashMap.newKeySet();
        all.addAll(everything);
        if (peers != null) {
            all.addAll(peers);
        }
        return all;
    }

    public int souls() {
        return bySoul.size();
    }
}
