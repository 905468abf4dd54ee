package io.gunstream.streams.merge;

import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.Origin;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thread CPU of the merge's own steps in isolation, on the deltas of {@code MergeThroughputBenchmark} (3 fields:
 * number, string, link): deserializing a {@code GunDelta} (validator + Avro reader), converting it to a gun-core node,
 * the HAM merge against a stored node, and the codecs (node encode, change encode, node decode). Not part of the
 * build; run:
 * {@code mvn -B -q -pl streams-topology -am verify -DskipITs -Dtest=MergeStepsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * Figures go to stdout and {@code streams-topology/target/merge-steps.txt}.
 */
@ExtendWith(RegistryExtension.class)
class MergeStepsBenchmark {

    private static final int N = 1_000;
    private static final int OPS = 1_000_000;
    private static final int ROUNDS = 6;

    @Test
    void steps(final RegistryExtension.Stack stack) throws Exception {
        final GunAvroSerde<io.gunstream.schemas.avro.GunNode> nodeSerde = GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class);
        nodeSerde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        final GunAvroSerde<GunDelta> deltaSerde = GunAvroSerde.specific(GunDelta.class);
        deltaSerde.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        final NodeCodec nodes = new NodeCodec(nodeSerde, GunTopics.NODES, true);
        final ChangeCodec changes = new ChangeCodec(deltaSerde, GunTopics.CHANGES, true);
        final Deserializer<GunDelta> deltas = deltaSerde.deserializer();
        final Origin origin = Deltas.origin("r1");
        final Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        final GunNode[] incoming = new GunNode[N];
        final GunNode[] stored = new GunNode[N];
        final byte[][] storedBytes = new byte[N][];
        final byte[][] deltaBytes = new byte[N][];
        for (int i = 0; i < N; i++) {
            incoming[i] = node(i, 2e12 + i);
            stored[i] = node(i, 1e12 + i);
            storedBytes[i] = nodes.encode(stored[i]);
            deltaBytes[i] = deltaSerde.serializer().serialize(GunTopics.DELTAS, GunAvro.toDelta(incoming[i], origin, at));
        }
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final StringBuilder report = new StringBuilder("thread CPU µs per operation, " + OPS + " operations per figure\n");
        long sink = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long t = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < OPS; k++) {
                sink += deltas.deserialize(GunTopics.DELTAS, deltaBytes[k % N]).getFields().size();
            }
            final double deserialize = perOp(cpu, t);
            final GunDelta delta = deltas.deserialize(GunTopics.DELTAS, deltaBytes[0]);
            t = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < OPS; k++) {
                sink += GunAvro.toCore(delta).fields().size();
            }
            final double toCore = perOp(cpu, t);
            t = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < OPS; k++) {
                sink += HamMerge.merge(stored[k % N], incoming[k % N], 3e12).merged().fields().size();
            }
            final double ham = perOp(cpu, t);
            t = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < OPS; k++) {
                sink += nodes.decode(storedBytes[k % N]).fields().size();
            }
            final double decode = perOp(cpu, t);
            t = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < OPS; k++) {
                final GunNode n = incoming[k % N];
                sink += nodes.encode(n).length + changes.encode(n.soul(), n.fields(), origin, at).length;
            }
            final double encode = perOp(cpu, t);
            report.append(String.format("round %d: deserialize delta %.3f, to core %.3f, HAM merge %.3f, node decode %.3f,"
                    + " node + change encode %.3f%n", round, deserialize, toCore, ham, decode, encode));
        }
        report.append("(checksum ").append(sink).append(")\n");
        System.out.print(report);
        Files.writeString(Path.of("target", "merge-steps.txt"), report);
    }

    private static double perOp(final ThreadMXBean cpu, final long start) {
        return (cpu.getCurrentThreadCpuTime() - start) / 1e3 / OPS;
    }

    private static GunNode node(final int i, final double state) {
        return GunNode.builder("devices/d" + (i % N)).put("n", state, GunValue.of(i))
                .put("status", state, GunValue.of(i % 2 == 0 ? "online" : "offline"))
                .put("owner", state, GunValue.link("users/u" + (i % 100))).build();
    }
}
