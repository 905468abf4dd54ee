package io.gunstream.streams.app;

import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.EntropyStats;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A {@link TopologyTestDriver} on the production {@link GunTopology#build} with typed test topics on the default names. */
final class TopologyFixture implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, GunDelta> deltas;
    final TestInputTopic<String, byte[]> rawDeltas;
    final TestOutputTopic<String, GunDelta> changes;
    final TestOutputTopic<String, GunNode> nodes;
    final TestOutputTopic<String, EntropySample> entropy;
    final TestOutputTopic<String, LogEntry> logs;
    final TestOutputTopic<String, Reject> rejects;
    final TestOutputTopic<String, EntropyStats> stats;
    private final org.apache.kafka.common.serialization.Deserializer<GunNode> nodeDeserializer;

    TopologyFixture(final String registryUrl, final Path stateDir, final Instant wallClock, final Map<String, Object> extra) {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        settings.put(GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        settings.put(GunStreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.putAll(extra);
        final GunStreamsConfig config = new GunStreamsConfig(settings);
        driver = new TopologyTestDriver(GunTopology.build(config), config.streamsProperties(), wallClock);
        final Map<String, Object> serdeConfig = config.serdeConfig();
        deltas = driver.createInputTopic(GunTopics.DELTAS, new StringSerializer(), serde(GunDelta.class, serdeConfig).serializer());
        rawDeltas = driver.createInputTopic(GunTopics.DELTAS, new StringSerializer(), new ByteArraySerializer());
        changes = output(GunTopics.CHANGES, GunDelta.class, serdeConfig);
        nodes = output(GunTopics.NODES, GunNode.class, serdeConfig);
        entropy = output(GunTopics.ENTROPY, EntropySample.class, serdeConfig);
        logs = output(GunTopics.LOGS, LogEntry.class, serdeConfig);
        rejects = output(GunTopics.REJECTS, Reject.class, serdeConfig);
        stats = output(GunTopics.ENTROPY_STATS_1M, EntropyStats.class, serdeConfig);
        nodeDeserializer = serde(GunNode.class, serdeConfig).deserializer();
    }

    /** The node store's value for {@code soul} (it holds the Confluent-framed bytes of the nodes topic), or null. */
    GunNode storedNode(final String soul) {
        final org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
                driver.getKeyValueStore(io.gunstream.streams.StoreNames.NODES);
        return nodeDeserializer.deserialize(GunTopics.NODES, store.get(soul));
    }

    /** Every output topic, for the "nothing left over" check at the end of each test. */
    List<TestOutputTopic<String, ?>> outputs() {
        return List.of(changes, nodes, entropy, logs, rejects, stats);
    }

    private <T extends SpecificRecord> TestOutputTopic<String, T> output(final String topic, final Class<T> type,
                                                                          final Map<String, Object> serdeConfig) {
        return driver.createOutputTopic(topic, new StringDeserializer(), serde(type, serdeConfig).deserializer());
    }

    static <T extends SpecificRecord> GunAvroSerde<T> serde(final Class<T> type, final Map<String, Object> serdeConfig) {
        final GunAvroSerde<T> serde = GunAvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    @Override
    public void close() {
        driver.close();
    }
}
