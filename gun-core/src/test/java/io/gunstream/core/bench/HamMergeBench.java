package io.gunstream.core.bench;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.ham.HamMerge;
import io.gunstream.core.ham.NodeMerge;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Node merge throughput of {@link HamMerge} for 5- and 50-field nodes. Per field, the incoming node mixes the
 * cases a relay sees: 40 % newer (wins), 20 % older (historical), 20 % equal state with smaller JSON (current),
 * 20 % equal state with greater JSON (wins by tie-break, which stringifies both values). The reference
 * {@code referenceHashMapCopyAndPut} copies the current fields into a HashMap and puts every incoming field:
 * the cost of a merge that decides nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HamMergeBench {

    private static final double NOW = 1_700_000_000_000d;

    @Param({"5", "50"})
    public int fields;

    private GunNode current;
    private GunNode incoming;
    private Map<String, FieldState> currentFields;

    @Setup
    public void setUp() {
        final GunNode.Builder cur = GunNode.builder("users/alice/profile");
        final GunNode.Builder inc = GunNode.builder("users/alice/profile");
        for (int i = 0; i < fields; i++) {
            final String key = "field" + i;
            final double state = NOW - 1000 + i;
            cur.put(key, state, value(i, "m"));
            switch (i % 5) {
                case 0, 1 -> inc.put(key, state + 10, value(i, "n"));   // newer
                case 2 -> inc.put(key, state - 10, value(i, "z"));      // historical
                case 3 -> inc.put(key, state, value(i, "a"));           // tie, smaller JSON: current stays
                default -> inc.put(key, state, value(i, "z"));          // tie, greater JSON: incoming wins
            }
        }
        current = cur.build();
        incoming = inc.build();
        currentFields = current.fields();
    }

    /** Strings and numbers alternate, as in typical app data. */
    private static GunValue value(final int i, final String tag) {
        return i % 2 == 0 ? GunValue.of(tag + "-value-" + i) : GunValue.of(tag.charAt(0) * 1000.0 + i);
    }

    @Benchmark
    public NodeMerge hamMerge() {
        return HamMerge.merge(current, incoming, NOW);
    }

    @Benchmark
    public Map<String, FieldState> referenceHashMapCopyAndPut() {
        final Map<String, FieldState> copy = new HashMap<>(currentFields);
        copy.putAll(incoming.fields());
        return copy;
    }
}
