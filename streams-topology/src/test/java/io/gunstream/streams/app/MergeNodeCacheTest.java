package io.gunstream.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gunstream.schemas.avro.GunDelta;
import io.gunstream.schemas.avro.GunNode;
import io.gunstream.streams.testing.Deltas;
import io.gunstream.streams.testing.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge's node cache changes nothing a user can see: the same deltas over a few hot souls (ties, losing and
 * future states, nulls) give the same changes, nodes and stored state with the cache off, so small that it evicts
 * all the time, and at its default size.
 */
@ExtendWith(RegistryExtension.class)
class MergeNodeCacheTest {

    private static final Instant WALL = Instant.ofEpochMilli(1_000_000_000L);
    private static final int SOULS = 12;

    private final RegistryExtension.Stack stack;
    @TempDir
    Path stateDir;

    MergeNodeCacheTest(final RegistryExtension.Stack stack) {
        this.stack = stack;
    }

    @Test
    void sameOutputsAndStateWithAndWithoutTheCache() {
        final List<GunDelta> input = randomDeltas(new Random(7), 3_000);
        final Run off = run(input, 0);
        assertThat(off.changes).hasSizeGreaterThan(500);
        assertThat(off.stored).doesNotContainNull();
        for (final int entries : new int[] {3, 10_000}) {
            final Run on = run(input, entries);
            assertThat(on.changes).as("changes, cache of %d", entries).isEqualTo(off.changes);
            assertThat(on.nodes).as("nodes, cache of %d", entries).isEqualTo(off.nodes);
            assertThat(on.stored).as("stored nodes, cache of %d", entries).isEqualTo(off.stored);
        }
    }

    private record Run(List<KeyValue<String, GunDelta>> changes, List<KeyValue<String, GunNode>> nodes, List<GunNode> stored) {
    }

    private Run run(final List<GunDelta> input, final int cacheEntries) {
        try (TopologyFixture t = new TopologyFixture(stack.registryUrl(), stateDir.resolve("cache-" + cacheEntries), WALL,
                Map.of(GunStreamsConfig.MERGE_NODE_CACHE_ENTRIES_CONFIG, cacheEntries,
                        GunStreamsConfig.DEFER_PUNCTUATE_INTERVAL_MS_CONFIG, 50L))) {
            int i = 0;
            for (final GunDelta delta : input) {
                t.deltas.pipeInput(delta.getSoul(), delta);
                if (++i % 25 == 0) {
                    t.driver.advanceWallClockTime(Duration.ofMillis(40));
                }
            }
            t.driver.advanceWallClockTime(Duration.ofMinutes(1));
            final List<GunNode> stored = new ArrayList<>();
            for (int s = 0; s < SOULS; s++) {
                stored.add(t.storedNode(soul(s)));
            }
            return new Run(t.changes.readKeyValuesToList(), t.nodes.readKeyValuesToList(), stored);
        }
    }

    private static List<GunDelta> randomDeltas(final Random random, final int count) {
        final long now = WALL.toEpochMilli();
        final List<GunDelta> deltas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int fields = 1 + random.nextInt(3);
            final Object[] kvs = new Object[fields * 3];
            for (int f = 0; f < fields; f++) {
                kvs[f * 3] = "k" + random.nextInt(4);
                // Mostly past states around a slowly advancing clock, a few ahead of it (deferred), many ties.
                kvs[f * 3 + 1] = now + i * 2L - 500 + random.nextInt(600);
                kvs[f * 3 + 2] = switch (random.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> random.nextBoolean();
                    case 2 -> (double) random.nextInt(3);
                    default -> "v" + random.nextInt(3);
                };
            }
            deltas.add(Deltas.delta(soul(random.nextInt(SOULS)), kvs));
        }
        return deltas;
    }

    private static String soul(final int s) {
        return "hot/" + s;
    }
}
