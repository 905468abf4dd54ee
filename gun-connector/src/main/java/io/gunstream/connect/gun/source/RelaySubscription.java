package io.gunstream.connect.gun.source;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.connect.gun.Backoff;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the source wants from one relay and what it already emitted: the souls in scope (each root, and the souls
 * reachable from it through links within the link depth, like gun's {@code .map()}), one {@link RootOffset} per root,
 * and a bounded memory of the field states emitted per soul (a relay sends the same node again as a get reply, a
 * broadcast and after a reconnect). No I/O: the task feeds it the graphs a relay sends.
 *
 * <p>Fields are filtered against the offsets the task started with, never against what it emitted since: after a
 * (re)subscribe the relay answers the gets in any order, so a newer field of one node can arrive before an older,
 * still unemitted field of another. Each {@link Emit} says whether the subscription was settled when its graph
 * arrived (every get answered, or unanswered for {@link #CATCH_UP_MS}, and no soul newly linked by that graph):
 * only then may the task's {@link OffsetTracker} move the offset's floor.
 *
 * <p>Thread-safe (synchronized): the peer's thread feeds it, the task reads nothing else from it.
 */
final class RelaySubscription {

    /** A node to emit for {@code root}, holding only its new fields; {@code settled}: see the class comment. */
    record Emit(String root, GunNode node, boolean settled) {
    }

    /** What one graph gave: nodes to emit, and souls newly in scope that must be asked for. */
    record Accepted(List<Emit> emits, List<String> newSouls) {
    }

    private record Scope(String root, int depth) {
    }

    /** A get sent for {@code soul} at {@code askedAt}, the {@code attempt}-th re-ask of it (0: the first ask). */
    private record Ask(String soul, int attempt, long askedAt) {
    }

    /** Longest a catch-up may hold the offset back (a relay without storage never answers a get for an unknown soul). */
    static final long CATCH_UP_MS = 10_000;
    /** Delay before re-asking an unanswered get: 1 s, doubled per re-ask (a relay may drop a get when busy). */
    static final Backoff REASK_BACKOFF = new Backoff(1_000, 16_000);
    /** Re-asks of one get before the soul is taken as unknown to the relay (1+2+4+8+16 s: well past the catch-up hold). */
    static final int MAX_REASKS = 5;

    private final int maxDepth;
    private final Map<String, RootOffset> startOffsets = new LinkedHashMap<>();
    private final Map<String, Ask> unanswered = new LinkedHashMap<>();
    private long lastAskedAt;
    private final Map<String, Scope> scopes = new LinkedHashMap<>();
    private final Map<String, Map<String, FieldState>> emitted;

    RelaySubscription(final List<String> roots, final int maxDepth, final Map<String, RootOffset> startOffsets,
                      final int memorySouls) {
        this.maxDepth = maxDepth;
        for (String root : roots) {
            scopes.putIfAbsent(root, new Scope(root, 0));
            this.startOffsets.put(root, startOffsets.getOrDefault(root, RootOffset.NONE));
        }
        this.emitted = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Map<String, FieldState>> eldest) {
                return size() > memorySouls;
            }
        };
    }

    /** Every soul in scope, roots first: what to ask a relay for after (re)connecting. */
    synchronized List<String> souls() {
        return List.copyOf(scopes.keySet());
    }

    /** Gets (message id to soul) were sent at {@code now}; a catch-up runs until they are answered. */
    synchronized void asked(final Map<String, String> gets, final long now) {
        gets.forEach((id, soul) -> unanswered.put(id, new Ask(soul, 0, now)));
        lastAskedAt = now;
    }

    /**
     * The gets unanswered for longer than their backoff, under new message ids from {@code newId} (id to soul), to be
     * sent again now; they stay unanswered. A get re-asked {@link #MAX_REASKS} times is dropped: the relay does not
     * know the soul (a later put to it still reaches the source as a forwarded put). Re-asks do not extend the
     * catch-up's offset hold.
     */
    synchronized Map<String, String> reask(final long now, final Supplier<String> newId) {
        final Map<String, String> again = new LinkedHashMap<>();
        final Map<String, Ask> reasked = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, Ask>> it = unanswered.entrySet().iterator();
        while (it.hasNext()) {
            final Ask ask = it.next().getValue();
            if (now - ask.askedAt() < REASK_BACKOFF.delayMs(ask.attempt() + 1)) {
                continue;
            }
            it.remove();
            if (ask.attempt() < MAX_REASKS) {
                final String id = newId.get();
                reasked.put(id, new Ask(ask.soul(), ask.attempt() + 1, now));
                again.put(id, ask.soul());
            }
        }
        unanswered.putAll(reasked);
        return again;
    }

    /** A message answering {@code replyTo} arrived (with or without a node). */
    synchronized void answered(final String replyTo) {
        unanswered.remove(replyTo);
    }

    /** After a reconnect the relay forgets the old gets: only the new ones count. */
    synchronized void reconnected() {
        unanswered.clear();
    }

    synchronized boolean catchingUp(final long now) {
        return !unanswered.isEmpty() && now - lastAskedAt < CATCH_UP_MS;
    }

    /** Takes a graph a relay sent at {@code now} (wall clock, ms). */
    synchronized Accepted accept(final Map<String, GunNode> graph, final long now) {
        final List<String> newSouls = new ArrayList<>();
        boolean grew = true;
        // Links first, to a fixpoint: a nested put carries the parent and the linked child in one graph, in any order.
        while (grew) {
            grew = false;
            for (GunNode node : graph.values()) {
                final Scope scope = scopes.get(node.soul());
                if (scope == null || scope.depth() >= maxDepth) {
                    continue;
                }
                for (FieldState field : node.fields().values()) {
                    if (field.value() instanceof GunValue.Link link && !scopes.containsKey(link.soul())) {
                        scopes.put(link.soul(), new Scope(scope.root(), scope.depth() + 1));
                        newSouls.add(link.soul());
                        grew = true;
                    }
                }
            }
        }
        // A soul linked just now is asked for after this graph; its older fields are still to come.
        final boolean settled = !catchingUp(now) && newSouls.isEmpty();
        final List<Emit> emits = new ArrayList<>();
        for (GunNode node : graph.values()) {
            final Scope scope = scopes.get(node.soul());
            if (scope == null) {
                continue;
            }
            final RootOffset start = startOffsets.get(scope.root());
            final Map<String, FieldState> known = emitted.computeIfAbsent(node.soul(), s -> new LinkedHashMap<>());
            final Map<String, FieldState> fresh = new LinkedHashMap<>();
            node.fields().forEach((key, field) -> {
                if (start.isNew(node.soul(), key, field.state()) && isNew(known.get(key), field)) {
                    fresh.put(key, field);
                }
            });
            if (fresh.isEmpty()) {
                continue;
            }
            known.putAll(fresh);
            emits.add(new Emit(scope.root(), new GunNode(node.soul(), fresh), settled));
        }
        return new Accepted(emits, newSouls);
    }

    private static boolean isNew(final FieldState known, final FieldState incoming) {
        return known == null || incoming.state() > known.state()
                || (incoming.state() == known.state() && !incoming.value().equals(known.value()));
    }

    /** For logs. */
    synchronized Set<String> roots() {
        return new LinkedHashSet<>(startOffsets.keySet());
    }
}
