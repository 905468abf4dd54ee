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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merge throughput (deltas/s, exactly-once) against a plain consume→produce pipe (Kafka Streams, exactly-once,
 * bytes in, bytes out) of the same records on the same embedded broker in the same run. Not part of the build
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

    @TempDir
    Path dir;

    @Test
    void mergeAgainstPipe(final RegistryExtension.Stack stack) throws Exception {
        final String bootstrap = stack.broker().bootstrapServers();
        stack.broker().createTopic(GunTopics.DELTAS, PARTITIONS, Map.of());
        produce(stack, bootstrap);
        final StringBuilder report = new StringBuilder();
        report.append(String.format("deltas=%d souls=%d fields/delta=3 partitions=%d, one stream thread, exactly_once_v2, both apps: %s%n",
                DELTAS, SOULS, PARTITIONS, sharedStreamsSettings()));
        for (int round = 1; round <= ROUNDS; round++) {
            final Run pipe = runPipe(bootstrap, "bench-pipe-" + round);
            final Run merge = runMerge(stack, bootstrap, "bench-merge-" + round);
            report.append(String.format("round %d: pipe %.0f records/s, merge %.0f deltas/s, ratio %.0f %%"
                            + " | CPU µs/record (app + other Java threads + GC/JIT): pipe %.1f + %.1f + %.1f, merge %.1f + %.1f + %.1f,"
                            + " cost ratio %.0f %%%n",
                    round, pipe.perSecond(), merge.perSecond(), 100 * merge.perSecond() / pipe.perSecond(),
                    pipe.appMicros(), pipe.javaMicros(), pipe.jvmMicros(), merge.appMicros(), merge.javaMicros(), merge.jvmMicros(),
                    100 * (pipe.appMicros() + pipe.restMicros()) / (merge.appMicros() + merge.restMicros())));
        }
        System.out.print(report);
        Files.writeString(Path.of("target", "merge-throughput.txt"), report);
        assertThat(report).contains("ratio");
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

    private Run measure(final String appId, final String bootstrap) throws Exception {
        final CpuMark start = CpuMark.take(appId);
        final double perSecond = timeUntilCaughtUp(bootstrap, appId);
        return start.until(CpuMark.take(appId), perSecond);
    }

    private Run runPipe(final String bootstrap, final String appId) throws Exception {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(GunTopics.DELTAS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to("bench.pipe.out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        props.putAll(sharedStreamsSettings());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            final CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            return measure(appId, bootstrap);
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
            return measure(appId, bootstrap);
        }
    }

    /**
     * Kafka Streams settings given to both apps alike, so a comparison stays fair: system properties
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
            while (true) {
                final Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                final boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
                if (done) {
                    return DELTAS / ((System.nanoTime() - start) / 1e9);
                }
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(20); // polling interval of a benchmark, not a test wait
            }
        }
    }

}
