package io.gunstream.relay.get;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.wire.GetRequest;
import io.gunstream.core.wire.GunHash;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.relay.limits.RelayCounters;
import io.gunstream.relay.server.MessageIds;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers Gun {@code get}s in gun.js's shape: {@code {"#": new, "@": get#, "put": {soul: node}, "##": hash}}
 * (the whole node, or only key {@code .} when the get names one), from the {@link NodeCache}, else from the
 * streams query API; {@code {"#": new, "@": get#}} without {@code put} is gun's "not found". Thread-safe.
 */
public final class GetHandler {

    private final NodeCache cache;
    private final QueryApiClient query;
    private final RelayCounters counters;

    /** @param query the streams query API, or null when not configured */
    public GetHandler(final NodeCache cache, final QueryApiClient query, final RelayCounters counters) {
        this.cache = cache;
        this.query = query;
        this.counters = counters;
    }

    /** Answers {@code get} (message {@code messageId}) through {@code reply}, now or once the query API answered. */
    public void answer(final GetRequest get, final String messageId, final Consumer<GunMessage> reply) {
        counters.get();
        final Optional<GunNode> cached = cache.get(get.soul());
        if (cached.isPresent() || cache.complete() || query == null) {
            reply.accept(reply(get, messageId, cached));
            return;
        }
        query.node(get.soul()).thenAccept(found -> {
            found.ifPresent(cache::install);
            // the cache may have moved on while the query ran; answer with what it holds now
            reply.accept(reply(get, messageId, found.isPresent() ? cache.get(get.soul()) : found));
        });
    }

    /** The merged node the relay holds for {@code soul}, if any. */
    public Optional<GunNode> current(final String soul) {
        return cache.get(soul);
    }

    /**
     * A put answering a get (data a peer holds, not a write it waits on) reduced to the fields that would change
     * the merged state; null when none would. Saves Kafka the copies of state every reconnecting client sends back.
     */
    public GunMessage onlyNews(final GunMessage put) {
        final Map<String, GunNode> news = new java.util.LinkedHashMap<>();
        for (final GunNode node : put.put().values()) {
            final Optional<GunNode> known = cache.get(node.soul());
            if (known.isEmpty()) {
                if (!cache.complete() || !node.isEmpty()) {
                    news.put(node.soul(), node);
                }
                continue;
            }
            final Map<String, FieldState> fields = new java.util.LinkedHashMap<>();
            node.fields().forEach((key, field) -> {
                if (io.gunstream.core.ham.HamMerge.decide(known.get().fields().get(key), field, Double.POSITIVE_INFINITY)
                        == io.gunstream.core.ham.HamOutcome.INCOMING) {
                    fields.put(key, field);
                }
            });
            if (!fields.isEmpty()) {
                news.put(node.soul(), new GunNode(node.soul(), fields));
            }
        }
        return news.isEmpty() ? null : put.toBuilder().put(news).build();
    }

    static GunMessage reply(final GetRequest get, final String messageId, final Optional<GunNode> node) {
        final GunMessage.Builder out = GunMessage.builder().id(MessageIds.next()).replyTo(messageId);
        if (node.isEmpty()) {
            return out.build();
        }
        GunNode answer = node.get();
        if (get.key() != null) {
            final FieldState field = answer.fields().get(get.key());
            answer = new GunNode(answer.soul(), field == null ? Map.of() : Map.of(get.key(), field));
        }
        final Map<String, GunNode> put = Map.of(answer.soul(), answer);
        return out.put(put).hash(GunHash.of(put)).build();
    }
}
