package io.gunstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.app.GunStreamsApp;
import io.gunstream.streams.app.GunStreamsConfig;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merge throughput (deltas/s, exactly-once) against two plain Kafka Streams pipes of the same records on the same
 * embedded broker in the same run (exactly-once, bytes in, bytes out): consume→produce (1→1), and one that does the
 * merge's Kafka I/O without its logic (the same-I/O pipe: each record to a topic shaped like gun.changes, and into a
 * cached, changelogged table keyed like the node store whose cache flushes go to a topic shaped like gun.nodes). Not
 * part of the build
 * (the name matches neither *Test nor *IT); run:
 * {@code mvn -B -q -pl streams-topology -am verify -DskipITs -Dtest=MergeThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * Figures go to stdout and {@code streams-topology/target/merge-throughput.txt}.
 */
@ExtendWith(RegistryExtension.class)
class MergeThroughputBenchmark {

    private static final int DELTAS = Integer.getInteger("bench.deltas", 200_000);
    private static final int SOULS = Integer.getInteger("bench.souls", 10_000);
    private static final int PARTITIONS = 4;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final String SHARED_PREFIX = "bench.streams.";
    /** Partitions of the 1→1 pipe's output; 0 (default) leaves it to auto-creation (one partition), as in earlier runs. */
    private static final int PIPE_PARTITIONS = Integer.getInteger("bench.pipe.partitions", 0);
    private static final String PIPE_OUT = "bench.pipe.out";
    private static final String IO_CHANGES = "bench.io.changes";
    private static final String IO_NODES = "bench.io.nodes";
    private static final String IO_STORE = "bench-io-store";

    @TempDir
    Path dir;

    /** {@link #threadSplit} of each app, by application id. */
    private final Map<String, String> threadSplit = new HashMap<>();

    @Test
    void mergeAgainstPipe(final RegistryExtension.Stack stack) throws Exception {
        final String bootstrap = stack.broker().bootstrapServers();
        stack.broker().createTopic(GunTopics.DELTAS, PARTITIONS, Map.of());
        if (PIPE_PARTITIONS > 0) {
            stack.broker().createTopic(PIPE_OUT, PIPE_PARTITIONS, Map.of());
        }
        stack.broker().createTopic(IO_CHANGES, PARTITIONS, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
        stack.broker().createTopic(IO_NODES, PARTITIONS, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        produce(stack, bootstrap);
        final StringBuilder report = new StringBuilder();
        report.append(String.format("deltas=%d souls=%d fields/delta=3 partitions=%d, one stream thread, exactly_once_v2, all apps: %s%n",
                DELTAS, SOULS, PARTITIONS, sharedStreamsSettings()));
        for (int round = 1; round <= ROUNDS; round++) {
            final Run pipe = runPipe(bootstrap, "bench-pipe-" + round);
            final Run sameIo = runSameIoPipe(bootstrap, "bench-io-" + round);
            final Run merge = runMerge(stack, bootstrap, "bench-merge-" + round);
            report.append(String.format("round %d: pipe 1→1 %.0f records/s, same-I/O pipe %.0f records/s, merge %.0f deltas/s,"
                            + " merge/pipe %.0f %%, merge/same-I/O pipe %.0f %%, same-I/O pipe/pipe %.0f %%"
                            + " | CPU µs/record (app + other Java threads + GC/JIT): pipe %.1f + %.1f + %.1f,"
                            + " same-I/O pipe %.1f + %.1f + %.1f, merge %.1f + %.1f + %.1f%n",
                    round, pipe.perSecond(), sameIo.perSecond(), merge.perSecond(),
                    100 * merge.perSecond() / pipe.perSecond(), 100 * merge.perSecond() / sameIo.perSecond(),
                    100 * sameIo.perSecond() / pipe.perSecond(),
                    pipe.appMicros(), pipe.javaMicros(), pipe.jvmMicros(),
                    sameIo.appMicros(), sameIo.javaMicros(), sameIo.jvmMicros(),
                    merge.appMicros(), merge.javaMicros(), merge.jvmMicros()));
            report.append(String.format("  stream thread: pipe 1→1 %s; same-I/O pipe %s; merge %s%n", threadSplit.get("bench-pipe-" + round),
                    threadSplit.get("bench-io-" + round), threadSplit.get("bench-merge-" + round)));
        }
        report.append(bytesWritten(bootstrap));
        System.out.print(report);
        Files.writeString(Path.of("target", "merge-throughput.txt"), report);
        assertThat(report).contains("merge/same-I/O pipe");
    }

    private static void produce(final RegistryExtension.Stack stack, final String bootstrap) {
        final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
        serde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        final Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "linger.ms", 20, "batch.size", 262_144);
        try (KafkaProducer<String, GunDelta> producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (int i = 1; i <= DELTAS; i++) {
                final String soul = "bench/node" + (i % SOULS);
                final GunNode node = GunNode.builder(soul)
                        .put("n", i, GunValue.of(i))
                        .put("status", i, GunValue.of(i % 2 == 0 ? "online" : "offline"))
                        .put("owner", i, GunValue.link("users/u" + (i % 100)))
                        .build();
                producer.send(new ProducerRecord<>(GunTopics.DELTAS, soul, GunAvro.toDelta(node, Deltas.origin("bench"), Instant.now())));
            }
            producer.flush();
        }
    }

    /**
     * One measured run: throughput, and CPU per input record of the app's own threads (named after its application
     * id: stream thread, its producer's I/O thread...), of the other Java threads of this JVM (mostly the broker) and
     * of the JVM's own threads (GC, JIT compiler). CPU per record does not depend on how much of the machine other
     * processes take; throughput does.
     */
    private record Run(double perSecond, double appMicros, double javaMicros, double jvmMicros) {
        double restMicros() {
            return javaMicros + jvmMicros;
        }
    }

    /** CPU nanoseconds used so far by the app's threads, by all Java threads and by the whole process. */
    private record CpuMark(long app, long java, long process) {
        static CpuMark take(final String appId) {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long app = 0;
            long java = 0;
            for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    final long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                    java += cpu;
                    app += info.getThreadName().contains(appId) ? cpu : 0;
                }
            }
            final long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new CpuMark(app, java, process);
        }

        Run until(final CpuMark end, final double perSecond) {
            final double app = (end.app - this.app) / 1e3 / DELTAS;
            final double java = (end.java - this.java) / 1e3 / DELTAS;
            return new Run(perSecond, app, java - app, (end.process - process) / 1e3 / DELTAS - java);
        }
    }

    private Run measure(final String appId, final String bootstrap, final KafkaStreams streams) throws Exception {
        final CpuMark start = CpuMark.take(appId);
        final double perSecond = timeUntilCaughtUp(bootstrap, appId);
        threadSplit.put(appId, threadSplit(streams));
        return start.until(CpuMark.take(appId), perSecond);
    }

    /**
     * Where the stream thread's wall time went (Kafka Streams' own thread metrics, ratios over the last 30 s):
     * processing, committing, polling, punctuating; and the mean commit latency.
     */
    private static String threadSplit(final KafkaStreams streams) {
        final Map<String, Double> values = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double d
                    && List.of("process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio", "commit-latency-avg").contains(name.name())) {
                values.merge(name.name(), d, Double::sum);
            }
        });
        return String.format("process %.0f %%, commit %.0f %%, poll %.0f %%, punctuate %.0f %%, commit latency %.1f ms",
                100 * values.getOrDefault("process-ratio", 0.0), 100 * values.getOrDefault("commit-ratio", 0.0),
                100 * values.getOrDefault("poll-ratio", 0.0), 100 * values.getOrDefault("punctuate-ratio", 0.0),
                values.getOrDefault("commit-latency-avg", 0.0));
    }

    private Run runPipe(final String bootstrap, final String appId) throws Exception {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(GunTopics.DELTAS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(PIPE_OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return runStreams(builder.build(), bootstrap, appId);
    }

    /**
     * The merge's Kafka I/O without its logic, written as a Kafka Streams user would: each input record to a
     * delete-policy topic (like gun.changes), and into a cached, changelogged RocksDB table whose updates go to a
     * compacted topic when the cache flushes them (like the node store and gun.nodes). Same partition counts as the
     * merge's topics. Nothing is decoded, merged or encoded (that is the merge's own work).
     */
    private Run runSameIoPipe(final String bootstrap, final String appId) throws Exception {
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<byte[], byte[]> in = builder.stream(GunTopics.DELTAS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        in.to(IO_CHANGES, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        in.toTable(Materialized.<byte[], byte[], KeyValueStore<Bytes, byte[]>>as(IO_STORE)
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()).withCachingEnabled())
                .toStream()
                .to(IO_NODES, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return runStreams(builder.build(), bootstrap, appId);
    }

    private Run runStreams(final Topology topology, final String bootstrap, final String appId) throws Exception {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        props.putAll(sharedStreamsSettings());
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            final CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            return measure(appId, bootstrap, streams);
        }
    }

    /**
     * Bytes on the broker's log per input record, per app, summed over all rounds (records, batch headers and
     * transaction markers): shows that the same-I/O pipe writes about what the merge writes.
     */
    private static String bytesWritten(final String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            final Map<String, Long> byTopic = new TreeMap<>();
            final Map<String, Integer> partitions = new TreeMap<>();
            admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(d ->
                    d.replicaInfos().forEach((tp, info) -> {
                        byTopic.merge(tp.topic(), info.size(), Long::sum);
                        partitions.merge(tp.topic(), 1, Integer::sum);
                    })));
            final Map<String, Long> byApp = new TreeMap<>();
            byTopic.forEach((topic, size) -> {
                final String app = topic.equals(PIPE_OUT) ? "pipe 1→1"
                        : topic.startsWith("bench.io.") || topic.startsWith("bench-io-") ? "same-I/O pipe"
                        : topic.equals(GunTopics.CHANGES) || topic.equals(GunTopics.NODES) || topic.startsWith("bench-merge-") ? "merge"
                        : null;
                if (app != null) {
                    byApp.merge(app, size, Long::sum);
                }
            });
            final StringBuilder out = new StringBuilder("bytes written per input record (all rounds):");
            byApp.forEach((app, size) -> out.append(String.format(" %s %.0f,", app, size / (double) ROUNDS / DELTAS)));
            out.append(String.format(" input %.0f%n", byTopic.getOrDefault(GunTopics.DELTAS, 0L) / (double) DELTAS));
            byTopic.forEach((topic, size) -> out.append(String.format("  %s: %d bytes, %d partitions%n", topic, size, partitions.get(topic))));
            return out.toString();
        }
    }

    private Run runMerge(final RegistryExtension.Stack stack, final String bootstrap, final String appId) throws Exception {
        final Map<String, Object> settings = new HashMap<>();
        settings.put(GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl());
        settings.put(GunStreamsConfig.APPLICATION_ID_CONFIG, appId);
        settings.put(GunStreamsConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        settings.put(GunStreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        settings.put(GunStreamsConfig.TOPICS_PARTITIONS_CONFIG, PARTITIONS);
        sharedStreamsSettings().forEach((key, value) -> settings.put(GunStreamsConfig.STREAMS_PREFIX + key, value));
        try (GunStreamsApp app = GunStreamsApp.start(settings, Duration.ofSeconds(60))) {
            return measure(appId, bootstrap, app.streams());
        }
    }

    /**
     * Kafka Streams settings given to all apps alike, so a comparison stays fair: system properties
     * {@code bench.streams.<setting>}, e.g. {@code -Dbench.streams.commit.interval.ms=1000}.
     */
    private static Map<String, String> sharedStreamsSettings() {
        final Map<String, String> shared = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SHARED_PREFIX))
                .forEach(k -> shared.put(k.substring(SHARED_PREFIX.length()), System.getProperty(k)));
        return shared;
    }

    /** Deltas per second from RUNNING until the group's committed offsets reach the end of the input. */
    private static double timeUntilCaughtUp(final String bootstrap, final String group) throws Exception {
        final long start = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(GunTopics.DELTAS, p), OffsetSpec.latest());
            }
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Awaitility.await("committed offsets of " + group + " at the end of the input").atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        final Map<TopicPartition, OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                        return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue().offset());
                    });
            return DELTAS / ((System.nanoTime() - start) / 1e9);
        }
    }

}
