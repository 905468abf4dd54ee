package io.gunstream.core.ham;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.json.JsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Differential test against REAL gun.js: random delta sequences (several souls and keys, states from a small
 * pool so ties are common, states ahead of the clock, every value type, unicode, numbers next to their string
 * forms, links, out-of-order and duplicate deliveries, clock moves forwards and backwards) are merged by
 * {@link HamMerge} (through {@link GunReplica}) and by gun@0.2020.1241 ({@code gun-js/ham-oracle.js}); the final
 * graphs must be identical: same souls, keys, values, value types and states.
 *
 * <p>Each try is a batch of {@value #BATCH} sequences sent to one node process; {@value #TRIES} tries give
 * over 10,000 sequences per build. On failure jqwik prints the seed; the message holds the failing case.
 * Invalid input is not generated here (the vectors cover it).
 */
class HamDifferentialTest {

    static final int BATCH = 500;
    static final int TRIES = 21;
    private static final long FIRST_BASE = 1_700_000_000_000L;
    /**
     * Cases get increasing machine clocks this far apart: gun's State() keeps its last value for the whole
     * process, so a case must start past everything the previous one saw (including the far-future jump).
     */
    private static final long BASE_STEP = 4_000_000_000L;
    private static final long FAR_FUTURE = 3_000_000_000L;
    private static final long JUMP = 3_100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SOULS = List.of("a", "b", "users/alice", "\u00fcber/\u2603", "42", "\ud83d\ude00");
    private static final List<String> KEYS = List.of("x", "y", "z", "name", "1", "10", "\u00e9", "\ud83d\ude00", " ",
            "a.b/c", "#", "k11");

    private GunJsOracle oracle;
    private long nextBase = FIRST_BASE;
    private final Set<String> distinctSequences = new HashSet<>();
    private int compared;
    private final Map<HamOutcome, Integer> outcomes = new java.util.EnumMap<>(HamOutcome.class);
    private int ties;
    private long gunNanos;
    private int duplicatesDropped;
    private long startNanos;

    @BeforeProperty
    void startGun() {
        startNanos = System.nanoTime();
        oracle = GunJsOracle.start();
    }

    @AfterProperty
    void stopGun() {
        if (oracle != null) {
            oracle.close();
        }
        System.out.printf("HamDifferentialTest: %d sequences compared with gun.js (%d distinct) in %.1f s (%.1f s in gun.js); field decisions %s,"
                        + " equal-state ties %d, duplicate ids dropped %d%n",
                compared, distinctSequences.size(), (System.nanoTime() - startNanos) / 1e9, gunNanos / 1e9, outcomes, ties, duplicatesDropped);
        if (compared == (long) TRIES * BATCH) {
            assertThat(distinctSequences).as("distinct sequences compared with gun.js").hasSizeGreaterThanOrEqualTo(10_000);
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void hamMergeEndsWithTheSameGraphAsGunJs(@ForAll("batches") final List<CasePlan> batch) throws IOException {
        final List<Materialized> cases = new ArrayList<>(batch.size());
        final List<String> lines = new ArrayList<>(batch.size());
        for (final CasePlan plan : batch) {
            final Materialized c = plan.materialize(nextBase);
            nextBase += BASE_STEP;
            cases.add(c);
            lines.add(c.toJson());
            distinctSequences.add(plan.toString());
        }
        final long sent = System.nanoTime();
        final List<String> results = oracle.run(lines);
        gunNanos += System.nanoTime() - sent;
        for (int i = 0; i < cases.size(); i++) {
            final Materialized c = cases.get(i);
            final JsonNode result = JSON.readTree(results.get(i));
            assertThat(result.has("fatal")).as("gun.js oracle crashed on %s: %s", lines.get(i), result.get("fatal")).isFalse();
            for (final JsonNode err : result.get("errs")) {
                assertThat(err.isNull()).as("gun.js rejected generated input %s: %s", lines.get(i), err).isTrue();
            }
            final Map<String, GunNode> gunGraph = VectorGraphs.graph(result.get("graph"), false);
            final GunReplica replica = c.replay();
            assertThat(replica.subMillisecondOverlaps()).as("generator produced an ambiguous state: %s", lines.get(i)).isZero();
            if (!replica.graph().equals(gunGraph)) {
                assertThat(VectorGraphs.toJson(replica.graph()))
                        .as("HamMerge and gun.js disagree on case %s", lines.get(i))
                        .isEqualTo(VectorGraphs.toJson(gunGraph));
                assertThat(replica.graph()).as("HamMerge and gun.js disagree on case %s", lines.get(i)).isEqualTo(gunGraph);
            }
            compared++;
            replica.outcomes().forEach((o, count) -> outcomes.merge(o, count, Integer::sum));
            ties += replica.ties();
            duplicatesDropped += replica.duplicatesDropped();
        }
    }

    @Provide
    Arbitrary<List<CasePlan>> batches() {
        return casePlan().list().ofSize(BATCH);
    }

    // ---- generation ----------------------------------------------------------------------------------------

    /** States relative to the case's machine clock; fractions keep clear of gun's 1/999 ms per-key increments. */
    private static Arbitrary<Double> stateOffset() {
        return Arbitraries.frequencyOf(
                Tuple.of(14, Arbitraries.of(-100_000d, -1_000d, -10.5, -1d, -0.25, -0.001, 0d)),
                Tuple.of(4, Arbitraries.of(1d, 3d, 20d, 50d, 150.5)),
                Tuple.of(1, Arbitraries.of((double) FAR_FUTURE)),
                Tuple.of(2, Arbitraries.integers().between(-500, 200).map(i -> (double) i)));
    }

    private static Arbitrary<GunValue> value() {
        final Arbitrary<GunValue> specials = Arbitraries.of(GunValue.NULL, GunValue.of(true), GunValue.of(false));
        final Arbitrary<GunValue> numbers = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(0d, -0d, 1d, -1d, 1.5, -2.25, 2d, 10d, 9d, 1e21, -1e21, 1e-7, 123456789012d,
                        9007199254740993d, Double.MAX_VALUE, Double.MIN_VALUE, 0.1 + 0.2, 1e20, 5e-324, -1e-300)),
                Tuple.of(2, Arbitraries.integers().between(-1000, 1000).map(i -> (double) i)),
                Tuple.of(1, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)))
                .map(GunValue::of);
        final Arbitrary<GunValue> stringForms = Arbitraries.of("1", "-1", "0", "10", "2", "1e+21", "true", "false",
                "null", "", " ", "a", "b", "ab", "A", "\u00e9", "z", "{\"#\":\"a\"}").map(GunValue::of);
        final Arbitrary<GunValue> unicode = Arbitraries.of("a", "b", "z", "\u00e9", "\ud83d\ude00", "\ufffd", "\"", "\\",
                        "\n", "\t", " ", "\u0000", "\u001f", "\u2028", "\u65e5\u672c", "\ud800", "\udc00", "\u007f")
                .list().ofMinSize(0).ofMaxSize(4).map(parts -> GunValue.of(String.join("", parts)));
        final Arbitrary<GunValue> links = Arbitraries.of("a", "b", "users/alice", "zzz", "\u00fcber/\u2603")
                .map(GunValue::link);
        return Arbitraries.frequencyOf(Tuple.of(2, specials), Tuple.of(4, numbers), Tuple.of(3, stringForms),
                Tuple.of(3, unicode), Tuple.of(2, links));
    }

    private static Arbitrary<NodePlan> nodePlan() {
        final Arbitrary<FieldPlan> field = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of("x", "y", "z")), Tuple.of(4, Arbitraries.of(KEYS))),
                stateOffset(), value()).as(FieldPlan::new);
        final Arbitrary<List<FieldPlan>> fields = Arbitraries.frequencyOf(
                Tuple.of(9, field.list().ofMinSize(1).ofMaxSize(4)),
                Tuple.of(1, field.list().ofMinSize(9).ofMaxSize(12)));  // past gun's 9-keys-per-turn chunking
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("a")), Tuple.of(2, Arbitraries.of(SOULS))),
                fields).as(NodePlan::new);
    }

    private static Arbitrary<StepPlan> stepPlan() {
        final Arbitrary<StepPlan> put = nodePlan().list().ofMinSize(1).ofMaxSize(3).map(PutPlan::new);
        final Arbitrary<StepPlan> replay = Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.of(true, false))
                .as(ReplayPlan::new);
        final Arbitrary<StepPlan> clock = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, 60)),
                Tuple.of(2, Arbitraries.of(0L)),
                Tuple.of(1, Arbitraries.longs().between(-40, -1)),
                Tuple.of(1, Arbitraries.of(JUMP))).map(ClockPlan::new);
        return Arbitraries.frequencyOf(Tuple.of(6, put), Tuple.of(2, replay), Tuple.of(2, clock));
    }

    private static Arbitrary<CasePlan> casePlan() {
        return stepPlan().list().ofMinSize(2).ofMaxSize(9).map(CasePlan::new);
    }

    record FieldPlan(String key, double offset, GunValue value) {
    }

    record NodePlan(String soul, List<FieldPlan> fields) {
    }

    sealed interface StepPlan permits PutPlan, ReplayPlan, ClockPlan {
    }

    record PutPlan(List<NodePlan> nodes) implements StepPlan {
    }

    /** Delivers an earlier put again, with its message id (dropped as a duplicate) or a new one (idempotent). */
    record ReplayPlan(int which, boolean sameId) implements StepPlan {
    }

    record ClockPlan(long delta) implements StepPlan {
    }

    record CasePlan(List<StepPlan> steps) {
        Materialized materialize(final long base) {
            final List<Object> steps = new ArrayList<>();
            final List<Put> puts = new ArrayList<>();
            long wall = base;
            boolean jumped = false;
            int n = 0;
            for (final StepPlan step : this.steps) {
                n++;
                final String id = "m" + n + "x"; // gun tracks internal ids id+counter; ours end in x so never collide
                if (step instanceof PutPlan p) {
                    final Map<String, Map<String, FieldState>> graph = new LinkedHashMap<>();
                    for (final NodePlan node : p.nodes()) {
                        final Map<String, FieldState> fields = graph.computeIfAbsent(node.soul(), s -> new LinkedHashMap<>());
                        for (final FieldPlan f : node.fields()) {
                            fields.put(f.key(), FieldState.of(base + f.offset(), f.value()));
                        }
                    }
                    final Map<String, GunNode> nodes = new LinkedHashMap<>();
                    graph.forEach((soul, fields) -> nodes.put(soul, new GunNode(soul, fields)));
                    final Put put = new Put(id, nodes);
                    puts.add(put);
                    steps.add(put);
                } else if (step instanceof ReplayPlan r) {
                    if (!puts.isEmpty()) {
                        final Put earlier = puts.get(r.which() % puts.size());
                        steps.add(new Put(r.sameId() ? earlier.id() : id, earlier.graph()));
                    }
                } else if (step instanceof ClockPlan c) {
                    final long delta = c.delta() == JUMP && jumped ? 5 : c.delta();
                    jumped |= delta == JUMP;
                    wall += delta;
                    steps.add(wall);
                }
            }
            return new Materialized(base, steps);
        }
    }

    record Put(String id, Map<String, GunNode> graph) {
    }

    /** A case with absolute states; steps are {@link Put}s or {@code Long} wall-clock moves. */
    record Materialized(long base, List<Object> steps) {
        String toJson() {
            final StringBuilder out = new StringBuilder(512).append("{\"machine\":").append(base).append(",\"steps\":[");
            for (int i = 0; i < steps.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (steps.get(i) instanceof Put p) {
                    out.append("{\"id\":");
                    JsJson.appendQuoted(out, p.id());
                    out.append(",\"put\":").append(VectorGraphs.toJson(p.graph())).append('}');
                } else {
                    out.append("{\"clock\":").append(steps.get(i)).append('}');
                }
            }
            return out.append("]}").toString();
        }

        GunReplica replay() {
            final GunReplica replica = new GunReplica(base);
            for (final Object step : steps) {
                if (step instanceof Put p) {
                    replica.put(p.id(), p.graph());
                } else {
                    replica.clock((Long) step);
                }
            }
            return replica;
        }
    }
}
