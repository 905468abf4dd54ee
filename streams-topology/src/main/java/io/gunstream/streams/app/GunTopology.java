package io.gunstream.streams.app;

import io.gunstream.core.sea.SoulAuthority;
import io.gunstream.schemas.avro.EntropySample;
import io.gunstream.schemas.avro.EntropyStats;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.avro.LogEntry;
import io.gunstream.schemas.avro.Reject;
import io.gunstream.schemas.serde.FastGunDeltaDeserializer;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.serde.GunAvroSerdeConfig;
import io.gunstream.streams.entropy.EntropyStatsAggregator;
import io.gunstream.streams.entropy.LatestSampleProcessor;
import io.gunstream.streams.merge.HamMergeProcessor;
import io.gunstream.streams.split.DeltaRouter;
import io.gunstream.streams.split.Routed;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.utils.Bytes;

/**
 * The gunstream streams topology:
 * <pre>
 * deltas ─▶ route (validate, SEA, classify) ─┬─ realtime ─▶ ham-merge [NODES, DEFERRED] ─┬─▶ changes (winning fields)
 *                                            │                                         └─▶ nodes (full node / tombstone)
 *                                            ├─ entropy ─▶ entropy (one sample per field, key source)
 *                                            ├─ log ─────▶ logs (one line per field, key source)
 *                                            └─ rejected ▶ rejects
 * (route and ham-merge forward each record to one named child)
 * entropy ─▶ latest [ENTROPY_LATEST]
 *         └▶ numeric ─▶ 1-minute tumbling windows per source ─▶ suppress until close ─▶ entropy.stats.1m
 * </pre>
 * The entropy topic is read back (it is keyed by source) so the latest view and the windows are per source
 * without an internal repartition topic.
 */
public final class GunTopology {

    /** The windowed aggregate's store (and changelog) name. */
    static final String ENTROPY_STATS_STORE = "KSTREAM-AGGREGATE-STATE-STORE-0000000022";

    private GunTopology() {
    }

    public static Topology build(final GunStreamsConfig config) {
        final Map<String, Object> serdeConfig = config.serdeConfig();
        final GunAvroSerde<GunDelta> deltaSerde = serde(GunDelta.class, serdeConfig);
        final Serde<GunNode> nodeSerde = serde(GunNode.class, serdeConfig);
        final Serde<EntropySample> sampleSerde = serde(EntropySample.class, serdeConfig);
        final Serde<EntropyStats> statsSerde = serde(EntropyStats.class, serdeConfig);
        final Serde<LogEntry> logSerde = serde(LogEntry.class, serdeConfig);
        final Serde<Reject> rejectSerde = serde(Reject.class, serdeConfig);
        final Serde<String> keys = Serdes.String();

        final StreamsBuilder builder = new StreamsBuilder();
        // The delta path: the router and the merge forward to their children by name (DeltaRouter.MERGE, ...), which
        // saves the branch, pass-through and map-values hops (and their record copies) a DSL split costs per delta.
        // Added first, so it stays sub-topology 0 (task ids, and with them local state directories, are unchanged).
        final HamMergeProcessor merge = new HamMergeProcessor(nodeSerde, config.topic(GunStreamsConfig.TOPIC_NODES_CONFIG),
                !new GunAvroSerdeConfig(serdeConfig).useLatestVersion(), deltaSerde, config.topic(GunStreamsConfig.TOPIC_CHANGES_CONFIG),
                config.getDouble(GunStreamsConfig.HAM_DRIFT_MS_CONFIG),
                Duration.ofMillis(config.getLong(GunStreamsConfig.DEFER_PUNCTUATE_INTERVAL_MS_CONFIG)),
                config.tombstoneSouls());
        final KStream<String, Object> routed = builder
                .stream(config.topic(GunStreamsConfig.TOPIC_DELTAS_CONFIG), Consumed.with(keys,
                        Serdes.serdeFrom(deltaSerde.serializer(), new FastGunDeltaDeserializer(deltaSerde.deserializer()))).withName("deltas"))
                .process(new DeltaRouter(config.classifier(), new SoulAuthority()), Named.as("route"));
        final KStream<String, byte[]> merged = GunTopology.<Routed.Realtime>typed(routed).process(merge, Named.as(DeltaRouter.MERGE));
        merged.to(config.topic(GunStreamsConfig.TOPIC_CHANGES_CONFIG), Produced.with(keys, Serdes.ByteArray()).withName(HamMergeProcessor.CHANGES));
        merged.to(config.topic(GunStreamsConfig.TOPIC_NODES_CONFIG), Produced.with(keys, Serdes.ByteArray()).withName(HamMergeProcessor.NODES));
        GunTopology.<Reject>typed(routed).to(config.topic(GunStreamsConfig.TOPIC_REJECTS_CONFIG), Produced.with(keys, rejectSerde).withName(DeltaRouter.REJECTS));
        GunTopology.<EntropySample>typed(routed).to(config.topic(GunStreamsConfig.TOPIC_ENTROPY_CONFIG), Produced.with(keys, sampleSerde).withName(DeltaRouter.ENTROPY));
        GunTopology.<LogEntry>typed(routed).to(config.topic(GunStreamsConfig.TOPIC_LOGS_CONFIG), Produced.with(keys, logSerde).withName(DeltaRouter.LOGS));

        final KStream<String, EntropySample> samples = builder.stream(config.topic(GunStreamsConfig.TOPIC_ENTROPY_CONFIG),
                Consumed.with(keys, sampleSerde).withName("entropy-in"));
        samples.process(new LatestSampleProcessor(sampleSerde,
                Duration.ofMillis(config.getLong(GunStreamsConfig.ENTROPY_LATEST_RETENTION_MS_CONFIG))), Named.as("entropy-latest"));
        samples.filter((source, sample) -> sample != null && sample.getNumericValue() != null, Named.as("numeric"))
                .groupByKey(Grouped.with("entropy-by-source", keys, sampleSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1),
                        Duration.ofMillis(config.getLong(GunStreamsConfig.ENTROPY_STATS_GRACE_MS_CONFIG))))
                .aggregate(EntropyStatsAggregator::initial, EntropyStatsAggregator::add, Named.as("entropy-stats"),
                        // The name the DSL generated when the delta path was a DSL split (processor counter 22): kept so
                        // the window store's changelog topic, and with it the state of running windows, survives upgrades.
                        Materialized.<String, EntropyStats, WindowStore<Bytes, byte[]>>as(ENTROPY_STATS_STORE)
                                .withKeySerde(keys).withValueSerde(statsSerde))
                // Final results only (one row per source and minute for the JDBC sink), once stream time passes
                // the window end plus grace; suppression over emitStrategy(onWindowClose) because the latter is
                // additionally throttled by wall-clock time.
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("entropy-stats-final"))
                .toStream(Named.as("entropy-stats-stream"))
                .map((window, stats) -> org.apache.kafka.streams.KeyValue.pair(window.key(),
                        EntropyStatsAggregator.finish(window, stats)), Named.as("entropy-stats-row"))
                .to(config.topic(GunStreamsConfig.TOPIC_ENTROPY_STATS_CONFIG), Produced.with(keys, statsSerde).withName("entropy-stats-out"));
        return builder.build();
    }

    /** The router's output as the type its named child receives (the router forwards each type to one child only). */
    @SuppressWarnings("unchecked")
    private static <V> KStream<String, V> typed(final KStream<String, ?> stream) {
        return (KStream<String, V>) stream;
    }

    private static <T extends SpecificRecord> GunAvroSerde<T> serde(final Class<T> type, final Map<String, Object> config) {
        final GunAvroSerde<T> serde = GunAvroSerde.specific(type);
        serde.configure(config, false);
        return serde;
    }
}
