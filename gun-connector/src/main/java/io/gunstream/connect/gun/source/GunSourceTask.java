package io.gunstream.connect.gun.source;

import io.gunstream.connect.Version;
import io.gunstream.connect.gun.GunPeer;
import io.gunstream.connect.gun.GunSettings;
import io.gunstream.connect.gun.RelayUrl;
import io.gunstream.core.wire.GetRequest;
import io.gunstream.core.wire.GunMessage;
import io.gunstream.core.wire.WireCodec;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerializer;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.schemas.serde.RecordModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects as a Gun peer to its relays, asks each for the configured soul roots and the souls they link to, and turns
 * every node a relay sends for them into a {@link GunDelta} record (key = soul, value = Confluent-framed Avro bytes),
 * with source partition {@code {relay, root}} and a {@link RootOffset}.
 *
 * <p>Lifecycle (Connect's): {@link #start} parses {@link GunSourceConfig#CONFIG_DEF}, reads the stored offsets and
 * starts one {@link GunPeer} per relay (they connect and reconnect in the background) → {@link #poll} drains the nodes
 * the peers received, serializes them and returns them → {@link #stop} closes the peers and the serializer. A registry
 * outage makes poll throw {@link RetriableException}; the records stay buffered for the next poll.
 *
 * <p>Offsets move only in poll, for the records it returns and in their order ({@link OffsetTracker}): within a batch
 * only the last record of a partition carries the batch's offset, the others the offset before the batch, so no
 * committed offset covers a record Connect did not write, nor a node the peers received but poll never returned (the
 * framework's final commit, which precedes {@link #stop}, included).
 */
public class GunSourceTask extends SourceTask {

    static final String PARTITION_RELAY = "relay";
    static final String PARTITION_ROOT = "root";
    /** Souls whose emitted field states are remembered per relay to drop re-sent nodes. */
    private static final int MEMORY_SOULS = 100_000;
    private static final long POLL_WAIT_MS = 500;
    private static final long REASK_CHECK_MS = 250;
    /** Exactly kept emitted fields per offset (see {@link OffsetTracker}); bounds the offset to roughly 100 KB of JSON. */
    static final int MAX_OFFSET_FIELDS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(GunSourceTask.class);

    private record Received(RelayUrl relay, String relayPid, String messageId, RelaySubscription.Emit emit,
                            long receivedAt) {
    }

    private final LongSupplier clock;
    private final List<GunPeer> peers = new ArrayList<>();
    private final List<SourceRecord> pending = new ArrayList<>();
    /** Per source partition; poll thread only. */
    private final Map<Map<String, String>, OffsetTracker> trackers = new HashMap<>();
    private BlockingQueue<Received> queue;
    private GunSourceConfig config;
    private GunAvroSerializer<GunDelta> serializer;

    public GunSourceTask() {
        this(System::currentTimeMillis);
    }

    /** Visible for testing: the wall clock (received_at, and the cap on states that move offsets). */
    GunSourceTask(final LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new GunSourceConfig(props);
        serializer = new GunAvroSerializer<>(RecordModel.specific(GunDelta.class));
        serializer.configure(config.registrySettings(), false);
        queue = new LinkedBlockingQueue<>(config.batchSize() * 10);
        final WireCodec codec = new WireCodec();
        for (RelayUrl relay : GunSettings.relays(config)) {
            final Map<String, RootOffset> stored = storedOffsets(relay);
            for (String root : config.roots()) {
                trackers.put(partition(relay, root), new OffsetTracker(stored.getOrDefault(root, RootOffset.NONE),
                        config.offsetSettleMs(), MAX_OFFSET_FIELDS));
            }
            final RelaySubscription subscription = new RelaySubscription(config.roots(), config.linkDepth(), stored,
                    MEMORY_SOULS);
            final PeerHandler handler = new PeerHandler(subscription);
            final GunPeer peer = new GunPeer(relay, codec, GunSettings.reconnectBackoff(config), handler);
            peers.add(peer);
            peer.start();
            peer.every(REASK_CHECK_MS, () -> handler.reaskUnanswered(peer));
            log.info("Gun source task subscribing to roots {} (link depth {}) on relay {} -> topic {}", config.roots(),
                    config.linkDepth(), relay, config.topic());
        }
    }

    private Map<String, RootOffset> storedOffsets(final RelayUrl relay) {
        final Map<String, RootOffset> offsets = new HashMap<>();
        if (context == null || context.offsetStorageReader() == null) {
            return offsets;
        }
        final List<Map<String, String>> partitions = config.roots().stream().map(root -> partition(relay, root)).toList();
        context.offsetStorageReader().offsets(partitions).forEach((partition, offset) -> {
            final RootOffset parsed = RootOffset.fromMap(offset);
            offsets.put(partition.get(PARTITION_ROOT).toString(), parsed);
            if (!parsed.equals(RootOffset.NONE)) {
                log.info("Gun source resumes {} on {}: fields up to state {} and {} above it were emitted",
                        partition.get(PARTITION_ROOT), relay, parsed.floor(), parsed.fields().size());
            }
        });
        return offsets;
    }

    static Map<String, String> partition(final RelayUrl relay, final String root) {
        return Map.of(PARTITION_RELAY, relay.id(), PARTITION_ROOT, root);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (pending.isEmpty()) {
            final List<Received> batch = new ArrayList<>();
            final Received first = queue.poll(POLL_WAIT_MS, TimeUnit.MILLISECONDS);
            if (first == null) {
                return null;
            }
            batch.add(first);
            queue.drainTo(batch, config.batchSize() - 1);
            pending.addAll(toRecords(batch));
        }
        final List<SourceRecord> records = new ArrayList<>(pending.size());
        try {
            for (SourceRecord record : pending) {
                records.add(record.newRecord(record.topic(), null, record.keySchema(), record.key(), Schema.BYTES_SCHEMA,
                        serializer.serialize(record.topic(), (GunDelta) record.value()), record.timestamp()));
            }
        } catch (GunSerializationException e) {
            throw new RetriableException("cannot serialize GunDeltas for " + config.topic() + " (kept for the next poll): "
                    + e.getMessage(), e);
        }
        pending.clear();
        return records;
    }

    /**
     * Records whose values are still {@link GunDelta}s; poll serializes them (so a registry outage loses nothing). Moves
     * the offsets past the batch: its last record per partition carries the new offset, earlier ones the previous.
     */
    private List<SourceRecord> toRecords(final List<Received> batch) {
        final Map<Map<String, String>, Map<String, Object>> before = new HashMap<>();
        final Map<Map<String, String>, Integer> last = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            final Received received = batch.get(i);
            final Map<String, String> partition = partition(received.relay(), received.emit().root());
            final OffsetTracker tracker = trackers.get(partition);
            before.computeIfAbsent(partition, p -> tracker.offset().toMap());
            last.put(partition, i);
            final Map<String, Double> states = new HashMap<>();
            received.emit().node().fields().forEach((key, field) -> states.put(key, field.state()));
            tracker.emitted(received.emit().node().soul(), states, received.receivedAt(), received.emit().settled());
        }
        final List<SourceRecord> records = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            final Received received = batch.get(i);
            final RelaySubscription.Emit emit = received.emit();
            final Map<String, String> partition = partition(received.relay(), emit.root());
            final Map<String, Object> offset = last.get(partition) == i ? trackers.get(partition).offset().toMap()
                    : before.get(partition);
            final Origin origin = Origin.newBuilder().setKind(SourceKind.GUN_SOURCE).setRelayId(received.relay().id())
                    .setPeerId(received.relayPid()).setMessageId(received.messageId()).build();
            final GunDelta delta = GunAvro.toDelta(emit.node(), origin, Instant.ofEpochMilli(received.receivedAt()));
            records.add(new SourceRecord(partition, offset, config.topic(), null, Schema.STRING_SCHEMA,
                    emit.node().soul(), null, delta, received.receivedAt()));
        }
        return records;
    }

    /**
     * Closes the peers. Connect calls it after its final offset commit; offsets do not depend on it, as they only move
     * for records poll returned.
     */
    @Override
    public void stop() {
        peers.forEach(GunPeer::close);
        peers.clear();
        if (serializer != null) {
            serializer.close();
            serializer = null;
        }
    }

    /** Subscribes on every (re)connect and queues what the relay sends; runs on the peer's thread. */
    private final class PeerHandler implements GunPeer.Handler {
        private final RelaySubscription subscription;

        PeerHandler(final RelaySubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onConnected(final GunPeer peer) {
            subscription.reconnected();
            ask(peer, subscription.souls());
        }

        @Override
        public void onMessage(final GunPeer peer, final GunMessage message) {
            final long now = clock.getAsLong();
            if (message.replyTo() != null) {
                subscription.answered(message.replyTo());
            }
            if (!message.hasPut() || message.err() != null) {
                return;
            }
            final RelaySubscription.Accepted accepted;
            try {
                accepted = subscription.accept(message.put(), now);
            } catch (RuntimeException e) {
                log.warn("Graph from relay {} (message {}) skipped: {}", peer.relay(), message.id(), e.getMessage());
                return;
            }
            log.debug("Relay {} message {}: souls {} -> {} nodes to emit, asking for {}", peer.relay(), message.id(),
                    message.put().keySet(), accepted.emits().size(), accepted.newSouls());
            ask(peer, accepted.newSouls());
            for (RelaySubscription.Emit emit : accepted.emits()) {
                try {
                    final Received received = new Received(peer.relay(), peer.relayPid(), message.id(), emit, now);
                    // A full buffer pauses reading from the relay until poll() drains it; stop() ends the wait.
                    while (!queue.offer(received, 100, TimeUnit.MILLISECONDS)) {
                        if (!peer.isOpen()) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("interrupted while buffering nodes from " + peer.relay(), e);
                }
            }
        }

        /** On the peer's thread, like the callbacks. While disconnected the reconnect asks for everything anyway. */
        void reaskUnanswered(final GunPeer peer) {
            if (!peer.isConnected()) {
                return;
            }
            final Map<String, String> again = subscription.reask(clock.getAsLong(), peer::newId);
            if (!again.isEmpty()) {
                log.debug("Relay {} left gets unanswered; asking again for {}", peer.relay(), again.values());
                send(peer, again);
            }
        }

        private void ask(final GunPeer peer, final List<String> souls) {
            if (souls.isEmpty()) {
                return;
            }
            final Map<String, String> gets = new LinkedHashMap<>();
            souls.forEach(soul -> gets.put(peer.newId(), soul));
            subscription.asked(gets, clock.getAsLong());
            send(peer, gets);
        }

        private void send(final GunPeer peer, final Map<String, String> gets) {
            final List<GunMessage> messages = gets.entrySet().stream()
                    .map(get -> GunMessage.builder().id(get.getKey()).get(GetRequest.node(get.getValue())).build()).toList();
            if (!peer.send(messages)) {
                log.debug("Relay {} disconnected before asking for {}; asked again on reconnect", peer.relay(), gets.values());
            }
        }
    }
}
