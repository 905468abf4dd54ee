package io.gunstream.streams.merge;

import static io.gunstream.streams.testing.Deltas.delta;
import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.StoreNames;
import io.gunstream.streams.app.GunStreamsConfig;
import io.gunstream.streams.split.Routed;
import io.gunstream.streams.testing.RegistryExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The merge's node cache never outlives a processor's {@code init()}: when Streams revives a task (EOS abort, task
 * corruption) it restores the store to the last committed state and re-initialises the processor, which must then
 * merge against that restored state, not against nodes it cached from the aborted transaction.
 */
@ExtendWith(RegistryExtension.class)
class NodeCacheRevivalTest {

    private static final long WALL = 1_000_000_000L;

    private final RegistryExtension.Stack stack;
    private GunAvroSerde<GunNode> nodeSerde;
    private GunAvroSerde<GunDelta> deltaSerde;
    private MockProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> nodes;

    NodeCacheRevivalTest(final RegistryExtension.Stack stack) {
        this.stack = stack;
    }

    @BeforeEach
    void stores() {
        final Map<String, Object> serdeConfig = new GunStreamsConfig(Map.of(
                GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl())).serdeConfig();
        nodeSerde = GunAvroSerde.specific(GunNode.class);
        nodeSerde.configure(serdeConfig, false);
        deltaSerde = GunAvroSerde.specific(GunDelta.class);
        deltaSerde.configure(serdeConfig, false);
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(WALL);
        nodes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.NODES), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        nodes.init(context.getStateStoreContext(), nodes);
        final KeyValueStore<String, GunDelta> deferred = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.DEFERRED), Serdes.String(), deltaSerde).withLoggingDisabled().build();
        deferred.init(context.getStateStoreContext(), deferred);
    }

    @Test
    void aReinitialisedProcessorMergesAgainstTheRestoredStoreNotItsOldCache() {
        final Processor<String, Routed.Realtime, String, byte[]> merge = processor(10_000);
        merge.init(context);
        merge.process(realtime(delta("s", "x", 100, "committed")));
        final byte[] committed = nodes.get("s");
        merge.process(realtime(delta("s", "x", 200, "aborted")));

        // Streams revives the task: processors closed, store restored to the committed state, processors initialised.
        merge.close();
        nodes.put("s", committed);
        merge.init(context);
        context.resetForwards();

        merge.process(realtime(delta("s", "x", 150, "after revival")));
        assertThat(changedFields()).as("150 beats the restored state 100 (a stale cache holding 200 would emit nothing)")
                .containsExactly(Map.entry("x", GunValue.of("after revival")));
        assertThat(GunAvro.toCore(nodeSerde.deserializer().deserialize(GunTopics.NODES, nodes.get("s"))).fields())
                .containsExactly(Map.entry("x", new FieldState(150, GunValue.of("after revival"))));
    }

    @Test
    void withoutReinitialisationTheCacheIsWhatTheMergeReads() {
        // The counterpart that shows the test above can fail: the cache is in use between inits.
        final Processor<String, Routed.Realtime, String, byte[]> merge = processor(10_000);
        merge.init(context);
        merge.process(realtime(delta("s", "x", 100, "committed")));
        final byte[] committed = nodes.get("s");
        merge.process(realtime(delta("s", "x", 200, "aborted")));
        nodes.put("s", committed);
        context.resetForwards();
        merge.process(realtime(delta("s", "x", 150, "after revival")));
        assertThat(context.forwarded()).isEmpty();

        // With the cache off the same sequence reads the store every time.
        final Processor<String, Routed.Realtime, String, byte[]> uncached = processor(0);
        uncached.init(context);
        context.resetForwards();
        uncached.process(realtime(delta("s", "x", 150, "after revival")));
        assertThat(changedFields()).containsExactly(Map.entry("x", GunValue.of("after revival")));
    }

    private Processor<String, Routed.Realtime, String, byte[]> processor(final int cacheEntries) {
        return new HamMergeProcessor(nodeSerde, GunTopics.NODES, true, deltaSerde, GunTopics.CHANGES, 0.0,
                Duration.ofSeconds(1), List.of(), cacheEntries).get();
    }

    private static Record<String, Routed.Realtime> realtime(final GunDelta delta) {
        return new Record<>(delta.getSoul(), new Routed.Realtime(delta, GunAvro.toCore(delta)), WALL);
    }

    private Map<String, GunValue> changedFields() {
        final List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> changes = context.forwarded(HamMergeProcessor.CHANGES);
        assertThat(changes).hasSize(1);
        final GunDelta change = deltaSerde.deserializer().deserialize(GunTopics.CHANGES, changes.get(0).record().value());
        final java.util.LinkedHashMap<String, GunValue> fields = new java.util.LinkedHashMap<>();
        GunAvro.toCore(change).fields().forEach((k, f) -> fields.put(k, f.value()));
        return fields;
    }
}
