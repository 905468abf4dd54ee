package io.gunstream.connect.gun.sink;

import io.gunstream.connect.Version;
import io.gunstream.connect.gun.GunPeer;
import io.gunstream.connect.gun.GunSettings;
import io.gunstream.connect.gun.RelayUrl;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.wire.WireCodec;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.SourceKind;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroDeserializer;
import io.gunstream.schemas.serde.GunSerializationException;
import io.gunstream.schemas.serde.RecordModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes GunDelta records as puts to every configured gun.js relay and moves a partition's committable offset only
 * past records every relay has confirmed (acked, or read back at our state or newer; see {@link RelayWriter}).
 *
 * <p>Lifecycle (Connect's): {@link #start} parses {@link GunSinkConfig#CONFIG_DEF} and starts one {@link GunPeer} per
 * relay → {@link #put} decodes the batch, sends it and returns once all of it is confirmed (retrying with backoff up to
 * {@code gun.max.retries}; then {@link RetriableException}, and Connect redelivers the batch) → {@link #preCommit}
 * reports only confirmed offsets → {@link #stop} closes the peers. Bad records (not GunDelta Avro) go to the
 * errant-record reporter; without one the task fails naming topic-partition@offset.
 */
public class GunSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(GunSinkTask.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final List<RelayWriter> writers = new ArrayList<>();
    private final Map<TopicPartition, Long> confirmed = new HashMap<>();
    private List<RelayUrl> relays;
    private GunSinkConfig config;
    private GunAvroDeserializer<GunDelta> deserializer;
    private ErrantRecordReporter reporter;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new GunSinkConfig(props);
        deserializer = new GunAvroDeserializer<>(RecordModel.specific(GunDelta.class));
        deserializer.configure(config.registrySettings(), false);
        reporter = context == null ? null : context.errantRecordReporter();
        relays = GunSettings.relays(config);
        final WireCodec codec = new WireCodec();
        for (RelayUrl relay : relays) {
            final RelayWriter writer = new RelayWriter();
            final GunPeer peer = new GunPeer(relay, codec, GunSettings.reconnectBackoff(config), writer);
            writer.attach(peer);
            writers.add(writer);
            peer.start();
        }
        log.info("Gun sink task started: relays {}, ack timeout {} ms, loop prevention {}", relays,
                config.ackTimeoutMs(), config.loopPrevention());
    }

    @Override
    public void put(final Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        final Map<SinkRecord, GunNode> nodes = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            final GunNode node = toNode(record);
            if (node != null) {
                nodes.put(record, node);
            }
        }
        try {
            for (RelayWriter writer : writers) {
                deliver(writer, nodes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting for gun.js relay acks", e);
        }
        for (SinkRecord record : records) {
            confirmed.merge(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset() + 1, Math::max);
        }
    }

    private void deliver(final RelayWriter writer, final Map<SinkRecord, GunNode> nodes) throws InterruptedException {
        List<RelayWriter.Write> open = new ArrayList<>(nodes.size());
        for (Map.Entry<SinkRecord, GunNode> e : nodes.entrySet()) {
            open.add(new RelayWriter.Write(e.getValue(), e.getKey()));
        }
        final RelayUrl relay = writer.peer().relay();
        for (int attempt = 0; ; attempt++) {
            open = writer.deliver(open, config.ackTimeoutMs());
            for (RelayWriter.Write refused : open.stream().filter(w -> w.error() != null).toList()) {
                bad((SinkRecord) refused.tag, "relay " + relay + " refused the put of " + refused.node.soul() + ": "
                        + refused.error(), null);
            }
            open = open.stream().filter(w -> w.error() == null).toList();
            if (open.isEmpty()) {
                return;
            }
            final long backoff = Math.min(MAX_BACKOFF_MS, config.retryBackoffMs() << Math.min(attempt, 16));
            if (attempt >= config.maxRetries()) {
                if (context != null) {
                    context.timeout(backoff);
                }
                throw new RetriableException(open.size() + " puts not confirmed by relay " + relay + " after "
                        + (attempt + 1) + " attempts (first: " + open.get(0).node.soul() + " from "
                        + coordinates((SinkRecord) open.get(0).tag) + "); Connect redelivers the batch");
            }
            log.warn("{} puts not confirmed by relay {} (attempt {} of {}), sending again in {} ms", open.size(), relay,
                    attempt + 1, config.maxRetries() + 1, backoff);
            Thread.sleep(backoff);
        }
    }

    /** The node to put for {@code record}, or null when the record is skipped. */
    private GunNode toNode(final SinkRecord record) {
        if (record.value() == null) {
            return null; // a tombstone of a compacted topic: gun deletes by putting null values, never by absence
        }
        if (!(record.value() instanceof byte[] frame)) {
            throw new ConnectException("value at " + coordinates(record) + " is a " + record.value().getClass().getName()
                    + ", not bytes: set value.converter=org.apache.kafka.connect.converters.ByteArrayConverter on the Gun sink");
        }
        final GunDelta delta;
        try {
            delta = deserializer.deserialize(record.topic(), frame);
        } catch (GunSerializationException e) {
            if (!e.isMalformedInput()) {
                throw new RetriableException("schema registry unavailable while decoding " + coordinates(record) + ": "
                        + e.getMessage(), e);
            }
            bad(record, "not a GunDelta: " + e.getMessage(), e);
            return null;
        }
        if (config.loopPrevention() && isEcho(delta)) {
            log.trace("Skipping {} at {}: it came from this sink's relay {}", delta.getSoul(), coordinates(record),
                    delta.getOrigin().getRelayId());
            return null;
        }
        try {
            final GunNode node = GunAvro.toCore(delta);
            return node.isEmpty() ? null : node;
        } catch (IllegalArgumentException e) {
            bad(record, "GunDelta breaks Gun's graph rules: " + e.getMessage(), e);
            return null;
        }
    }

    private boolean isEcho(final GunDelta delta) {
        if (delta.getOrigin() == null || delta.getOrigin().getKind() != SourceKind.GUN_SOURCE) {
            return false;
        }
        final String relayId = delta.getOrigin().getRelayId();
        return relays.stream().anyMatch(r -> r.sameRelay(relayId));
    }

    private void bad(final SinkRecord record, final String message, final Exception cause) {
        if (reporter == null) {
            throw new ConnectException("bad record at " + coordinates(record) + ": " + message
                    + " (set errors.tolerance=all and errors.deadletterqueue.topic.name to skip such records)", cause);
        }
        log.warn("Bad record at {} sent to the errant-record reporter: {}", coordinates(record), message);
        reporter.report(record, cause == null ? new ConnectException(message) : cause);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(final Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Only offsets of records every relay confirmed: put() returns after confirmation, so these never run ahead.
        final Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        confirmed.forEach((partition, offset) -> {
            if (currentOffsets.containsKey(partition)) {
                committable.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return committable;
    }

    @Override
    public void close(final Collection<TopicPartition> partitions) {
        partitions.forEach(confirmed::remove);
    }

    @Override
    public void stop() {
        writers.forEach(w -> w.peer().close());
        writers.clear();
        if (deserializer != null) {
            deserializer.close();
            deserializer = null;
        }
    }

    private static String coordinates(final SinkRecord record) {
        return record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
    }
}
