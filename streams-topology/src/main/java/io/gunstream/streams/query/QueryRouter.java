package io.gunstream.streams.query;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.json.JsJson;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.streams.StoreNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers queries from this instance's stores or routes them to the instance that holds the key.
 *
 * <p>A key is looked up at its active host first (here: the active store; elsewhere: forwarded), then at its
 * standby hosts (stale stores allowed), so a dead owner's keys are served by a standby before the group notices
 * the death. While no replica can answer (rebalance, owner unreachable) the lookup retries until
 * {@code query.unavailable.wait.ms}, then answers 503 naming each replica and why it could not answer.
 */
final class QueryRouter {

    private static final Logger log = LoggerFactory.getLogger(QueryRouter.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String selfName;
    private final QueryConfig config;
    private final Forwarder forwarder;
    private Deserializer<io.gunstream.schemas.avro.GunNode> nodeDeserializer;

    QueryRouter(final KafkaStreams streams, final HostInfo self, final QueryConfig config, final Forwarder forwarder) {
        this.streams = streams;
        this.self = self;
        this.selfName = Forwarder.hostPort(self);
        this.config = config;
        this.forwarder = forwarder;
    }

    /** {@code GET /health}: 200 only while RUNNING, so a waiter sees 200 once every store is queryable. */
    QueryAnswer health() {
        final KafkaStreams.State state = streams.state();
        final String body = "{\"state\":\"" + state + "\",\"server\":\"" + selfName + "\"}";
        return new QueryAnswer(state == KafkaStreams.State.RUNNING ? 200 : 503, body, selfName);
    }

    /** {@code GET /nodes/{soul}}. */
    QueryAnswer node(final String soul, final String rawPathAndQuery, final boolean forwarded) {
        return lookup(StoreNames.NODES, soul, "node", rawPathAndQuery, forwarded, value -> {
            final GunNode node = toNode(value);
            return GunNodeJson.write(node);
        });
    }

    /** {@code GET /entropy/{source}/latest}. */
    QueryAnswer entropyLatest(final String source, final String rawPathAndQuery, final boolean forwarded) {
        return lookup(StoreNames.ENTROPY_LATEST, source, "entropy source", rawPathAndQuery, forwarded,
                value -> EntropyJson.write((EntropySample) value));
    }

    /**
     * {@code GET /nodes?prefix=P&limit=N}: each instance scans its active stores; the first instance asks all of
     * them, merges, sorts by soul (code-point order) and keeps the first {@code limit}.
     */
    QueryAnswer prefix(final String prefix, final int limit, final String rawPathAndQuery, final boolean forwarded) {
        if (forwarded) {
            return attemptLocalPrefix(prefix, limit);
        }
        return retrying("prefix " + JsJson.quote(prefix), () -> {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return List.of(QueryAnswer.error(503, "instance " + selfName + " is " + streams.state()
                        + "; prefix queries need every partition's active store", selfName));
            }
            final Map<String, CompletableFuture<QueryAnswer>> answers = new LinkedHashMap<>();
            for (final HostInfo host : activeHosts(StoreNames.NODES)) {
                answers.put(Forwarder.hostPort(host), host.equals(self)
                        ? CompletableFuture.completedFuture(attemptLocalPrefix(prefix, limit))
                        : forwarder.get(host, rawPathAndQuery));
            }
            final TreeMap<String, GunNode> merged = new TreeMap<>(SoulOrder.CODE_POINTS);
            final List<QueryAnswer> failures = new ArrayList<>();
            for (final Map.Entry<String, CompletableFuture<QueryAnswer>> entry : answers.entrySet()) {
                final QueryAnswer answer = entry.getValue().join();
                if (answer.status() != 200) {
                    failures.add(answer);
                    continue;
                }
                try {
                    for (final GunNode node : GunNodeJson.parseArray(answer.json())) {
                        keepFirst(merged, node.soul(), node, limit);
                    }
                } catch (GunJsonException e) {
                    failures.add(QueryAnswer.error(502, "instance " + entry.getKey() + " sent a bad node array: " + e.getMessage(), selfName));
                }
            }
            if (!failures.isEmpty()) {
                return failures;
            }
            return List.of(QueryAnswer.ok(GunNodeJson.writeArray(merged.values()), selfName));
        });
    }

    /** The instances hosting an active task with {@code store}. */
    private Set<HostInfo> activeHosts(final String store) {
        final Set<HostInfo> hosts = new LinkedHashSet<>();
        for (final StreamsMetadata metadata : streams.streamsMetadataForStore(store)) {
            if (!metadata.topicPartitions().isEmpty() && metadata.stateStoreNames().contains(store)) {
                hosts.add(metadata.hostInfo());
            }
        }
        return hosts;
    }

    private QueryAnswer attemptLocalPrefix(final String prefix, final int limit) {
        try {
            // Active stores only: standbys would duplicate the owners' answers, with older values.
            final ReadOnlyKeyValueStore<String, Object> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.NODES, QueryableStoreTypes.keyValueStore()));
            final TreeMap<String, GunNode> nodes = new TreeMap<>(SoulOrder.CODE_POINTS);
            try (KeyValueIterator<String, Object> scan = store.prefixScan(prefix, KEYS)) {
                while (scan.hasNext()) {
                    final var entry = scan.next();
                    if (entry.value != null) {
                        keepFirst(nodes, entry.key, entry.value, limit, this::toNode);
                    }
                }
            }
            return QueryAnswer.ok(GunNodeJson.writeArray(nodes.values()), selfName);
        } catch (InvalidStateStoreException e) {
            return QueryAnswer.error(503, "instance " + selfName + " cannot scan its stores now: " + e.getMessage(), selfName);
        }
    }

    /**
     * A node store value as a gun-core node: the app's store holds the Confluent-framed Avro bytes the merge wrote
     * (see {@code HamMergeProcessor}); a store of {@code GunNode} records (a KTable) works too.
     */
    private GunNode toNode(final Object value) {
        if (value instanceof byte[] framed) {
            return GunAvro.toCore(nodeDeserializer().deserialize(StoreNames.NODES, framed));
        }
        return GunAvro.toCore((io.gunstream.schemas.avro.GunNode) value);
    }

    /** Built on first use: only stores of bytes need it, and it needs {@code schema.registry.url}. */
    private synchronized Deserializer<io.gunstream.schemas.avro.GunNode> nodeDeserializer() {
        if (nodeDeserializer == null) {
            final GunAvroSerde<io.gunstream.schemas.avro.GunNode> serde = GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class);
            serde.configure(config.originals(), false);
            nodeDeserializer = serde.deserializer();
        }
        return nodeDeserializer;
    }

    /** Releases the node deserializer's registry client, if one was built. */
    synchronized void close() {
        if (nodeDeserializer != null) {
            nodeDeserializer.close();
            nodeDeserializer = null;
        }
    }

    /** Keeps the {@code limit} smallest souls; converts a value only when it makes the cut. */
    private static <V> void keepFirst(final TreeMap<String, GunNode> kept, final String soul, final V value, final int limit,
                                      final Function<V, GunNode> convert) {
        if (kept.size() >= limit && SoulOrder.compare(soul, kept.lastKey()) >= 0) {
            return;
        }
        kept.put(soul, convert.apply(value));
        if (kept.size() > limit) {
            kept.pollLastEntry();
        }
    }

    private static void keepFirst(final TreeMap<String, GunNode> kept, final String soul, final GunNode node, final int limit) {
        keepFirst(kept, soul, node, limit, Function.identity());
    }

    private QueryAnswer lookup(final String store, final String key, final String what, final String rawPathAndQuery,
                               final boolean forwarded, final Function<Object, String> toJson) {
        if (forwarded) {
            // The forwarding instance chose us; answer from whatever replica we hold, never forward again.
            final Optional<Integer> partition = partitionOf(store, key);
            if (partition.isEmpty()) {
                return QueryAnswer.error(503, "instance " + selfName + " has no metadata for store " + store + " now (rebalancing)", selfName);
            }
            return attemptLocal(store, key, what, partition.get(), true, toJson);
        }
        return retrying(what + " " + JsJson.quote(key), () -> {
            final KeyQueryMetadata metadata;
            try {
                metadata = streams.queryMetadataForKey(store, key, KEYS);
            } catch (StreamsNotStartedException e) {
                return List.of(QueryAnswer.error(503, "instance " + selfName + " has not started its streams yet", selfName));
            }
            if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
                return List.of(QueryAnswer.error(503, "no instance owns store " + store + " for this key now (rebalancing)", selfName));
            }
            final List<QueryAnswer> failures = new ArrayList<>();
            final QueryAnswer active = metadata.activeHost().equals(self)
                    ? attemptLocal(store, key, what, metadata.partition(), false, toJson)
                    : forwarder.get(metadata.activeHost(), rawPathAndQuery).join();
            if (!active.isRetriable()) {
                return List.of(active);
            }
            failures.add(active);
            for (final HostInfo standby : standbysSelfFirst(metadata)) {
                final QueryAnswer answer = standby.equals(self)
                        ? attemptLocal(store, key, what, metadata.partition(), true, toJson)
                        : forwarder.get(standby, rawPathAndQuery).join();
                if (!answer.isRetriable()) {
                    log.debug("{} {} served by standby {} after: {}", what, key, answer.servedBy(), failures);
                    return List.of(answer);
                }
                failures.add(answer);
            }
            return failures;
        });
    }

    private List<HostInfo> standbysSelfFirst(final KeyQueryMetadata metadata) {
        final List<HostInfo> standbys = new ArrayList<>(metadata.standbyHosts());
        if (standbys.remove(self)) {
            standbys.add(0, self);
        }
        return standbys;
    }

    private Optional<Integer> partitionOf(final String store, final String key) {
        try {
            final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
            return metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE ? Optional.empty() : Optional.of(metadata.partition());
        } catch (StreamsNotStartedException e) {
            return Optional.empty();
        }
    }

    private QueryAnswer attemptLocal(final String store, final String key, final String what, final int partition,
                                     final boolean stale, final Function<Object, String> toJson) {
        final Object value;
        try {
            StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> parameters =
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, Object>keyValueStore()).withPartition(partition);
            if (stale) {
                parameters = parameters.enableStaleStores();
            }
            value = streams.store(parameters).get(key);
        } catch (InvalidStateStoreException e) {
            return QueryAnswer.error(503, "instance " + selfName + " cannot read partition " + partition + " of store " + store
                    + " now: " + e.getMessage(), selfName);
        }
        if (value == null) {
            return QueryAnswer.error(404, "no " + what + " " + key, selfName);
        }
        return QueryAnswer.ok(toJson.apply(value), selfName);
    }

    /**
     * Runs {@code attempt} until it returns a single answer that is not retriable or the wait is over; then answers 503 with every
     * reason of the last attempt.
     */
    private QueryAnswer retrying(final String subject, final Supplier<List<QueryAnswer>> attempt) {
        final long deadline = System.nanoTime() + config.unavailableWait().toNanos();
        while (true) {
            final List<QueryAnswer> answers;
            try {
                answers = attempt.get();
            } catch (UnknownStateStoreException e) {
                return QueryAnswer.error(500, "this streams app has no such store: " + e.getMessage(), selfName);
            }
            if (answers.size() == 1 && !answers.get(0).isRetriable()) {
                return answers.get(0);
            }
            if (System.nanoTime() - deadline >= 0) {
                final StringBuilder why = new StringBuilder(subject).append(" is unavailable after ")
                        .append(config.unavailableWait().toMillis()).append(" ms; retry later. Replicas:");
                for (final QueryAnswer answer : answers) {
                    why.append(' ').append(answer.servedBy()).append(" -> ").append(answer.status()).append(' ').append(answer.json()).append(';');
                }
                return QueryAnswer.error(503, why.toString(), selfName);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(config.retryBackoff().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return QueryAnswer.error(503, subject + ": interrupted while waiting for a replica", selfName);
            }
        }
    }
}
