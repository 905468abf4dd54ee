package io.gunstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.app.GunStreamsConfig;
import io.gunstream.streams.app.GunTopology;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU per delta of the stream thread's own work, without a broker: the production topology and a bytes-in,
 * bytes-out pipe each run in a {@link TopologyTestDriver} on the same serialized deltas as
 * {@link MergeThroughputBenchmark}, timed with the thread's CPU clock. Unlike the broker benchmark this does not
 * move with the load other processes put on the machine, so it shows what a code change does to the topology.
 * The driver commits after every record, so the node store's cache never collapses updates here. Not part of the
 * build; run:
 * {@code mvn -B -q -pl streams-topology -am verify -DskipITs -Dtest=MergeCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * Figures go to stdout and {@code streams-topology/target/merge-cpu.txt}.
 */
@ExtendWith(RegistryExtension.class)
class MergeCpuBenchmark {

    private static final int DELTAS = Integer.getInteger("bench.deltas", 200_000);
    private static final int SOULS = Integer.getInteger("bench.souls", 10_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    /** Outputs are drained (untimed) every this many inputs, so the driver's queues stay small. */
    private static final int CHUNK = 10_000;

    @TempDir
    Path dir;

    @Test
    void mergeAgainstPipe(final RegistryExtension.Stack stack) throws Exception {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        settings.put(GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
        // -Dbench.gun.<setting>=<value> gives the merge app a setting, e.g. -Dbench.gun.merge.node.cache.entries=0.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.gun."))
                .forEach(k -> settings.put(k.substring("bench.gun.".length()), System.getProperty(k)));
        final byte[][] values = serializedDeltas(stack.registryUrl());
        final StringBuilder report = new StringBuilder(String.format(
                "TopologyTestDriver, deltas=%d souls=%d fields/delta=3, stream-thread CPU µs per record, merge settings %s%n",
                DELTAS, SOULS, settings));
        for (int round = 1; round <= ROUNDS; round++) {
            final double pipe = run(pipeTopology(), pipeProperties(round), values, List.of("bench.pipe.out"));
            settings.put(GunStreamsConfig.STATE_DIR_CONFIG, dir.resolve("merge-" + round).toString());
            final GunStreamsConfig config = new GunStreamsConfig(settings);
            final double merge = run(GunTopology.build(config), config.streamsProperties(), values,
                    List.of(GunTopics.CHANGES, GunTopics.NODES));
            report.append(String.format("round %d: pipe %.2f, merge %.2f, merge/pipe %.1fx%n", round, pipe, merge, merge / pipe));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "merge-cpu.txt"), report);
        assertThat(report).contains("merge/pipe");
    }

    private Properties pipeProperties(final int round) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-pipe");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("pipe-" + round).toString());
        return props;
    }

    private static Topology pipeTopology() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(GunTopics.DELTAS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to("bench.pipe.out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Thread CPU µs per input record, piping every value in (outputs drained outside the timed part). */
    private static double run(final Topology topology, final Properties props, final byte[][] values, final List<String> outputs) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, Instant.now())) {
            final TestInputTopic<String, byte[]> input = driver.createInputTopic(GunTopics.DELTAS, new StringSerializer(),
                    new ByteArraySerializer());
            final List<TestOutputTopic<String, byte[]>> drains = outputs.stream()
                    .map(t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer())).toList();
            for (int from = 0; from < values.length; from += CHUNK) {
                final long start = threads.getCurrentThreadCpuTime();
                for (int i = from; i < Math.min(values.length, from + CHUNK); i++) {
                    input.pipeInput(soul(i + 1), values[i]);
                }
                cpu += threads.getCurrentThreadCpuTime() - start;
                drains.forEach(TestOutputTopic::readRecordsToList);
            }
        }
        return cpu / 1e3 / values.length;
    }

    private static String soul(final int i) {
        return "bench/node" + (i % SOULS);
    }

    /** The same deltas as {@link MergeThroughputBenchmark}: each newer than the last for its soul, so every one wins. */
    private static byte[][] serializedDeltas(final String registryUrl) {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of("schema.registry.url", registryUrl), false);
        final byte[][] values = new byte[DELTAS][];
        final long now = System.currentTimeMillis() - 10L * DELTAS;
        for (int i = 1; i <= DELTAS; i++) {
            // States in the past of the driver's wall clock, so nothing is deferred.
            final long state = now + i;
            final GunNode node = GunNode.builder(soul(i))
                    .put("n", state, GunValue.of(i))
                    .put("status", state, GunValue.of(i % 2 == 0 ? "online" : "offline"))
                    .put("owner", state, GunValue.link("users/u" + (i % 100)))
                    .build();
            values[i - 1] = serde.serializer().serialize(GunTopics.DELTAS,
                    GunAvro.toDelta(node, Deltas.origin("bench"), Instant.now()));
        }
        return values;
    }
}
