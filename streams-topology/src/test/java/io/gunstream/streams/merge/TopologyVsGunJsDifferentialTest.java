package io.gunstream.streams.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.convert.GunAvro;
import io.gunstream.schemas.serde.GunAvroSerde;
import io.gunstream.schemas.topic.GunTopics;
import io.gunstream.streams.StoreNames;
import io.gunstream.streams.app.GunStreamsConfig;
import io.gunstream.streams.app.GunTopology;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same random delta sequences, with wall-clock moves, go through the production topology
 * ({@code TopologyTestDriver}) and through real gun.js ({@code gun-js/ham-oracle.js}); the final nodes must be
 * identical field by field (state and value). Sequences hit ties, historical writes, deletes (null), links and
 * future states that are deferred and applied after clock moves. gun-core's own differential test does 10k+
 * sequences against HamMerge; this one proves the topology around it (store, deferral, punctuation) adds nothing.
 */
@ExtendWith(RegistryExtension.class)
class TopologyVsGunJsDifferentialTest {

    private static final int CASES = 300;
    private static final long START = 1_700_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KEYS = {"a", "b", "c", "d"};
    private static final long[] OFFSETS = {-3_000, -1_000, -1, 0, 0, 0, 1, 500, 2_000, 2_500, 4_000};

    @TempDir
    Path stateDir;

    /** One generated case: gun.js's input line, plus the same steps for the topology. */
    private record Case(long machine, List<Step> steps, List<String> souls) {
    }

    private sealed interface Step permits Put, Clock {
    }

    private record Put(GunNode node) implements Step {
    }

    private record Clock(long wall) implements Step {
    }

    @Test
    void finalNodesEqualRealGunJs(final RegistryExtension.Stack stack) throws Exception {
        final Random random = new Random(20261125L);
        final Map<String, Object> settings = Map.of(
                GunStreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                GunStreamsConfig.SCHEMA_REGISTRY_URL_CONFIG, stack.registryUrl(),
                GunStreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                GunStreamsConfig.DEFER_PUNCTUATE_INTERVAL_MS_CONFIG, 1L);
        final GunStreamsConfig config = new GunStreamsConfig(settings);
        final List<Case> cases = new ArrayList<>();
        final List<Map<String, Map<String, FieldState>>> ours = new ArrayList<>();
        long wall = START;
        final java.util.Set<String> parkedAtWrite = new java.util.HashSet<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(GunTopology.build(config), config.streamsProperties(),
                Instant.ofEpochMilli(START))) {
            final GunAvroSerde<GunDelta> serde = GunAvroSerde.specific(GunDelta.class);
            serde.configure(config.serdeConfig(), false);
            final TestInputTopic<String, GunDelta> deltas = driver.createInputTopic(GunTopics.DELTAS, new StringSerializer(), serde.serializer());
            // the node store holds the nodes topic's Confluent-framed Avro bytes
            final KeyValueStore<String, byte[]> nodes = driver.getKeyValueStore(StoreNames.NODES);
            final org.apache.kafka.common.serialization.Deserializer<io.gunstream.schemas.avro.GunNode> nodeBytes =
                    nodeSerde(config).deserializer();
            for (int c = 0; c < CASES; c++) {
                final Case generated = generate(random, c, wall);
                cases.add(generated);
                for (final Step step : generated.steps()) {
                    if (step instanceof Put put) {
                        for (final Map.Entry<String, FieldState> f : put.node().fields().entrySet()) {
                            if (f.getValue().state() > wall) {
                                parkedAtWrite.add(put.node().soul() + "|" + f.getKey() + "|" + f.getValue().state());
                            }
                        }
                        deltas.pipeInput(put.node().soul(), GunAvro.toDelta(put.node(), Deltas.origin("diff"), Instant.ofEpochMilli(wall)));
                    } else if (step instanceof Clock clock) {
                        driver.advanceWallClockTime(Duration.ofMillis(clock.wall() - wall));
                        wall = clock.wall();
                    }
                }
                final Map<String, Map<String, FieldState>> snapshot = new TreeMap<>();
                for (final String soul : generated.souls()) {
                    final io.gunstream.schemas.avro.GunNode node = nodeBytes.deserialize(GunTopics.NODES, nodes.get(soul));
                    snapshot.put(soul, node == null ? Map.of() : GunAvro.toCore(node).fields());
                }
                ours.add(snapshot);
                // the next case starts 10 s later: the machine clock's same-millisecond counter starts afresh
                driver.advanceWallClockTime(Duration.ofSeconds(10));
                wall += 10_000;
            }
        }

        final List<String> lines = new ArrayList<>();
        for (final Case c : cases) {
            lines.add(gunCase(c));
        }
        final List<String> results;
        try (GunJsProcess gun = GunJsProcess.start()) {
            results = gun.run(lines);
        }
        int deferredApplied = 0;
        for (int c = 0; c < CASES; c++) {
            final JsonNode graph = JSON.readTree(results.get(c)).get("graph");
            assertThat(graph).as("gun.js result of case %d: %s", c, results.get(c)).isNotNull();
            final Map<String, Map<String, FieldState>> theirs = new TreeMap<>();
            for (final String soul : cases.get(c).souls()) {
                theirs.put(soul, fields(graph.get(soul)));
            }
            assertThat(ours.get(c)).as("case %d: %s", c, lines.get(c)).isEqualTo(theirs);
            for (final Map.Entry<String, Map<String, FieldState>> node : ours.get(c).entrySet()) {
                for (final Map.Entry<String, FieldState> f : node.getValue().entrySet()) {
                    if (parkedAtWrite.contains(node.getKey() + "|" + f.getKey() + "|" + f.getValue().state())) {
                        deferredApplied++;
                    }
                }
            }
        }
        // states ahead of the clock when written, applied later by the punctuator or before a later delta
        assertThat(deferredApplied).as("final fields that were deferred when written").isGreaterThan(CASES / 2);
    }

    private static Case generate(final Random random, final int index, final long machine) {
        final List<String> souls = List.of("c" + index + "/x", "c" + index + "/y", "c" + index + "/z");
        final List<Step> steps = new ArrayList<>();
        long wall = machine;
        final int count = 5 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(5) == 0) {
                wall += 1 + random.nextInt(3_000);
                steps.add(new Clock(wall));
                continue;
            }
            final GunNode.Builder node = GunNode.builder(souls.get(random.nextInt(souls.size())));
            final int keys = 1 + random.nextInt(3);
            final List<String> pool = new ArrayList<>(List.of(KEYS));
            for (int k = 0; k < keys; k++) {
                final String key = pool.remove(random.nextInt(pool.size()));
                node.put(key, wall + OFFSETS[random.nextInt(OFFSETS.length)], value(random));
            }
            steps.add(new Put(node.build()));
        }
        return new Case(machine, steps, souls);
    }

    private static GunValue value(final Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> GunValue.of("a");
            case 1 -> GunValue.of("b");
            case 2 -> GunValue.of("ab");
            case 3 -> GunValue.of(1);
            case 4 -> GunValue.of(2.5);
            case 5 -> GunValue.of(0);
            case 6 -> GunValue.of(random.nextBoolean());
            case 7 -> GunValue.NULL;
            case 8 -> GunValue.link("c/linked");
            default -> GunValue.of("" + (char) ('a' + random.nextInt(3)));
        };
    }

    private static String gunCase(final Case c) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("machine", c.machine());
        final ArrayNode steps = root.putArray("steps");
        for (final Step step : c.steps()) {
            if (step instanceof Clock clock) {
                steps.addObject().put("clock", clock.wall());
            } else if (step instanceof Put put) {
                final ObjectNode node = steps.addObject().putObject("put").putObject(put.node().soul());
                final ObjectNode meta = node.putObject("_");
                meta.put("#", put.node().soul());
                final ObjectNode states = meta.putObject(">");
                for (final Map.Entry<String, FieldState> f : put.node().fields().entrySet()) {
                    states.put(f.getKey(), f.getValue().state());
                    try {
                        node.set(f.getKey(), JSON.readTree(f.getValue().value().toJson()));
                    } catch (final java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
        return root.toString();
    }

    private static Map<String, FieldState> fields(final JsonNode node) {
        final Map<String, FieldState> fields = new LinkedHashMap<>();
        if (node == null || node.get("_") == null || node.get("_").get(">") == null) {
            return fields;
        }
        node.get("_").get(">").fields().forEachRemaining(e -> {
            final JsonNode v = node.get(e.getKey());
            final GunValue value = v == null || v.isNull() ? GunValue.NULL
                    : v.isTextual() ? GunValue.of(v.asText())
                    : v.isBoolean() ? GunValue.of(v.asBoolean())
                    : v.isNumber() ? GunValue.of(v.asDouble())
                    : GunValue.link(v.get("#").asText());
            fields.put(e.getKey(), new FieldState(e.getValue().asDouble(), value));
        });
        return fields;
    }


    private static GunAvroSerde<io.gunstream.schemas.avro.GunNode> nodeSerde(final GunStreamsConfig config) {
        final GunAvroSerde<io.gunstream.schemas.avro.GunNode> serde = GunAvroSerde.specific(io.gunstream.schemas.avro.GunNode.class);
        serde.configure(config.serdeConfig(), false);
        return serde;
    }
}
