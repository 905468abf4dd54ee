package io.gunstream.core.ham;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.InvalidGraphException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the gun.js conformance vectors ({@code src/test/resources/vectors}, produced by running
 * gun@0.2020.1241): {@code ham.json} (82 single-key decisions) and {@code merge-sequences.json} (35 put
 * sequences, graph compared after every step). Cases where gun.js silently loses or corrupts data are listed
 * in {@link #DIVERGENCES}: there gunstream rejects with the named rule, and the test asserts that instead.
 */
class HamVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Vector case name → the rule gunstream rejects it with (gun.js accepts or skips it silently). */
    static final Map<String, GraphRule> DIVERGENCES = divergences();

    private static Map<String, GraphRule> divergences() {
        final Map<String, GraphRule> d = new LinkedHashMap<>();
        // ham.json: an invalid value as the last key of the last node is skipped with no err (gun-protocol.md §1)
        for (final String name : List.of("invalid NaN value", "invalid Infinity value", "invalid -Infinity value",
                "invalid array value", "invalid object (not a link)", "invalid link with extra key",
                "invalid link with empty soul", "invalid link with number soul",
                "invalid undefined value (key present)")) {
            d.put(name, GraphRule.INVALID_VALUE);
        }
        d.put("missing state for key", GraphRule.MISSING_STATE);
        // ham.json: states are not validated by gun.js; NaN is stored, strings and null store no state at all
        for (final String name : List.of("NaN state, no current", "NaN state over existing",
                "string state (numeric text) over existing", "null state, no current",
                "-Infinity state, no current", "-Infinity state vs existing state -10")) {
            d.put(name, GraphRule.STATE_NOT_A_NUMBER);
        }
        // merge-sequences.json: gun.js's key loop stops at '' so that key is never merged, without an error
        d.put("empty string value and empty-string key", GraphRule.EMPTY_KEY);
        return Map.copyOf(d);
    }

    static Stream<Arguments> hamCases() {
        return cases("/vectors/ham.json");
    }

    static Stream<Arguments> mergeSequences() {
        return cases("/vectors/merge-sequences.json");
    }

    @Test
    void vectorFilesHoldEveryCaseAndEachDivergenceNamesARealCase() {
        final Set<String> names = new HashSet<>();
        assertThat(hamCases().peek(a -> names.add((String) a.get()[0]))).hasSize(82);
        assertThat(mergeSequences().peek(a -> names.add((String) a.get()[0]))).hasSize(35);
        assertThat(names).hasSize(82 + 35).containsAll(DIVERGENCES.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hamCases")
    void hamDecisionMatchesGun(final String name, final JsonNode c) {
        final double machine = c.get("machine").asDouble();
        final JsonNode inc = c.get("incoming");
        final JsonNode incValue = "(undefined)".equals(inc.path("value").asText(null)) ? null : inc.get("value");
        if (DIVERGENCES.containsKey(name)) {
            assertThatThrownBy(() -> VectorGraphs.field(inc.get("state"), incValue, true))
                    .isInstanceOfSatisfying(InvalidGraphException.class,
                            e -> assertThat(e.rule()).isEqualTo(DIVERGENCES.get(name)));
            return;
        }
        final FieldState current = c.get("current").isNull() ? null
                : VectorGraphs.field(c.get("current").get("state"), c.get("current").get("value"), true);
        final FieldState incoming = VectorGraphs.field(inc.get("state"), incValue, true);
        final JsonNode detail = c.get("detail");

        final HamOutcome outcome = HamMerge.decide(current, incoming, machine);
        assertThat(outcome).isEqualTo(HamOutcome.valueOf(c.get("result").asText().toUpperCase()));

        final GunNode currentNode = current == null ? null : GunNode.builder("s").put("k", current).build();
        final NodeMerge merge = HamMerge.merge(currentNode, GunNode.builder("s").put("k", incoming).build(), machine);
        assertThat(merge.merged().field("k").orElse(null)).isEqualTo(expectedField(detail.get("graph_after")));
        assertThat(merge.changed()).isEqualTo(outcome == HamOutcome.INCOMING);
        assertThat(merge.diff().fields()).isEqualTo(outcome == HamOutcome.INCOMING ? Map.of("k", incoming) : Map.of());

        if (outcome == HamOutcome.DEFER) {
            assertThat(merge.deferred()).singleElement().satisfies(d -> {
                assertThat(d.field()).isEqualTo(incoming);
                assertThat(d.dueState()).isEqualTo(incoming.state());
                assertThat(d.retryDelayMs()).isEqualTo(detail.get("delay_ms").asDouble());
                assertThat(d.isDue(machine)).isFalse();
            });
            // gen/ham.js moves the clock to ceil(state) + 1 and fires gun's parked ham() call
            final double later = Math.ceil(incoming.state()) + 1;
            final DeferredField parked = merge.deferred().get(0);
            assertThat(parked.isDue(later)).isTrue();
            final NodeMerge retry = HamMerge.merge(merge.merged(), parked.asNode(), later);
            final JsonNode after = detail.get("after_defer");
            assertThat(retry.changed()).isEqualTo("incoming".equals(after.get("result").asText()));
            assertThat(retry.deferred()).isEmpty();
            assertThat(retry.merged().field("k").orElse(null)).isEqualTo(expectedField(after.get("graph")));
        } else {
            assertThat(merge.deferred()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mergeSequences")
    void mergeSequenceMatchesGunAfterEveryStep(final String name, final JsonNode c) {
        final GunReplica replica = new GunReplica(c.get("machine").asLong());
        final JsonNode steps = c.get("steps");
        final JsonNode after = c.get("after");
        for (int i = 0; i < steps.size(); i++) {
            final JsonNode step = steps.get(i);
            final JsonNode expected = after.get(i);
            if (step.has("clock")) {
                replica.setWall(step.get("clock").asLong());
                continue;
            }
            if (step.has("wait")) {
                replica.fireParked();
            } else {
                final Map<String, GunNode> before = Map.copyOf(replica.graph());
                final InvalidGraphException rejected = catchThrowableOfType(InvalidGraphException.class,
                        () -> replica.put(step.path("id").asText(null), VectorGraphs.graph(step.get("put"), true)));
                if (DIVERGENCES.containsKey(name)) {
                    assertThat(rejected).as("gunstream rejects what gun.js half-applies").isNotNull();
                    assertThat(rejected.rule()).isEqualTo(DIVERGENCES.get(name));
                    assertThat(replica.graph()).as("no partial write").isEqualTo(before);
                    return;
                }
                final String gunErr = expected.get("err").isNull() ? null : expected.get("err").asText();
                if (gunErr == null) {
                    assertThat(rejected).isNull();
                } else {
                    assertThat(rejected).as("gun.js: %s", gunErr).isNotNull();
                    assertThat(rejected.rule()).isEqualTo(ruleOf(gunErr));
                }
            }
            assertThat(VectorGraphs.toJson(replica.graph()))
                    .as("graph after step %d", i + 1)
                    .isEqualTo(VectorGraphs.toJson(VectorGraphs.graph(expected.get("graph"), true)));
            assertThat(replica.graph()).isEqualTo(VectorGraphs.graph(expected.get("graph"), true));
        }
        assertThat(replica.graph()).isEqualTo(VectorGraphs.graph(c.get("final"), true));
    }

    /** The rule gunstream names for one of gun.js's {@code Invalid graph!} messages ({@code src/root.js} put()). */
    private static GraphRule ruleOf(final String gunErr) {
        if (gunErr.contains("soul not same")) {
            return GraphRule.SOUL_MISMATCH;
        }
        if (gunErr.contains("no node")) {
            return GraphRule.NO_NODE;
        }
        if (gunErr.contains("no meta")) {
            return GraphRule.NO_META;
        }
        if (gunErr.contains(" bad ")) {
            return GraphRule.INVALID_VALUE;
        }
        if (gunErr.contains("no state")) {
            return gunErr.contains(" on ") ? GraphRule.MISSING_STATE : GraphRule.NO_STATE_MAP;
        }
        throw new AssertionError("unknown gun.js error: " + gunErr);
    }

    private static FieldState expectedField(final JsonNode stateAndValue) {
        return stateAndValue == null || stateAndValue.isNull() ? null
                : VectorGraphs.field(stateAndValue.get("state"), stateAndValue.get("value"), true);
    }

    private static Stream<Arguments> cases(final String resource) {
        try (InputStream in = HamVectorsTest.class.getResourceAsStream(resource)) {
            final JsonNode root = JSON.readTree(in);
            assertThat(root.get("gun_version").asText()).isEqualTo("0.2020.1241");
            final List<Arguments> out = new ArrayList<>();
            StreamSupport.stream(root.get("cases").spliterator(), false)
                    .forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
            return out.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vectors " + resource, e);
        }
    }
}
