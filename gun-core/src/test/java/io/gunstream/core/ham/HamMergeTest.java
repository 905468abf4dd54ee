package io.gunstream.core.ham;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gunstream.core.graph.FieldState;
import io.gunstream.core.graph.GraphRule;
import io.gunstream.core.graph.GunNode;
import io.gunstream.core.graph.GunValue;
import io.gunstream.core.graph.InvalidGraphException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node-level behaviour of {@link HamMerge} that the single-key vectors do not show. */
class HamMergeTest {

    private static final double NOW = 1_700_000_000_000d;

    @Test
    void diffHoldsOnlyWinningFieldsAndMergedKeepsTheRest() {
        final GunNode current = GunNode.builder("a")
                .put("x", NOW - 10, GunValue.of("x1"))
                .put("y", NOW - 10, GunValue.of("y1"))
                .put("z", NOW - 10, GunValue.of("z1"))
                .build();
        final GunNode incoming = GunNode.builder("a")
                .put("y", NOW - 20, GunValue.of("older"))     // historical
                .put("z", NOW - 10, GunValue.of("z0"))        // tie, lexically smaller: current
                .put("x", NOW - 5, GunValue.of(7))            // newer: incoming
                .put("w", NOW - 100, GunValue.NULL)           // new key: incoming
                .put("v", NOW + 50, GunValue.of(true))        // future: deferred
                .build();

        final NodeMerge result = HamMerge.merge(current, incoming, NOW);

        assertThat(result.diff().fields().keySet()).containsExactly("x", "w");
        assertThat(result.merged().fields().keySet()).as("existing keys keep their place, new ones append")
                .containsExactly("x", "y", "z", "w");
        assertThat(result.merged().fields().get("x")).isEqualTo(FieldState.of(NOW - 5, GunValue.of(7)));
        assertThat(result.merged().fields().get("y").value()).isEqualTo(GunValue.of("y1"));
        assertThat(result.deferred()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("v");
            assertThat(d.soul()).isEqualTo("a");
            assertThat(d.dueState()).isEqualTo(NOW + 50);
            assertThat(d.retryDelayMs()).isEqualTo(50);
        });
        assertThat(result.changed()).isTrue();
    }

    @Test
    void nothingWinsGivesAnEmptyDiffAndTheSameNode() {
        final GunNode current = GunNode.builder("a").put("x", NOW - 1, GunValue.of("b")).build();
        final NodeMerge result = HamMerge.merge(current,
                GunNode.builder("a").put("x", NOW - 1, GunValue.of("a")).build(), NOW);
        assertThat(result.changed()).isFalse();
        assertThat(result.diff().isEmpty()).isTrue();
        assertThat(result.merged()).isSameAs(current);
    }

    @Test
    void mergeLeavesBothInputNodesAsTheyWere() {
        final GunNode current = GunNode.builder("a").put("x", NOW - 10, GunValue.of(1)).put("y", NOW - 10, GunValue.of(2)).build();
        final GunNode incoming = GunNode.builder("a").put("z", NOW - 1, GunValue.of(3)).put("x", NOW - 1, GunValue.of(4)).build();
        final String currentBefore = current.toString();
        final String incomingBefore = incoming.toString();

        final NodeMerge result = HamMerge.merge(current, incoming, NOW);

        assertThat(result.merged().fields().keySet()).containsExactly("x", "y", "z");
        assertThat(result.diff().fields().keySet()).containsExactly("z", "x");
        assertThat(current).hasToString(currentBefore);
        assertThat(incoming).hasToString(incomingBefore);
    }

    @Test
    void unknownSoulMergesIntoAnEmptyNode() {
        final GunNode incoming = GunNode.builder("new").put("x", NOW, GunValue.link("other")).build();
        final NodeMerge result = HamMerge.merge(null, incoming, NOW);
        assertThat(result.merged()).isEqualTo(incoming);
        assertThat(result.diff()).isEqualTo(incoming);
    }

    @Test
    void deferredFieldIsRecheckedAgainstWhatIsCurrentWhenRetried() {
        final GunNode future = GunNode.builder("a").put("x", NOW + 30, GunValue.of("from the future")).build();
        final NodeMerge first = HamMerge.merge(null, future, NOW);
        assertThat(first.changed()).isFalse();
        final DeferredField parked = first.deferred().get(0);

        // meanwhile a write with an even later state arrives and (once due) wins
        final GunNode later = GunNode.builder("a").put("x", NOW + 40, GunValue.of("later")).build();
        final NodeMerge second = HamMerge.merge(first.merged(), later, NOW + 41);
        assertThat(second.changed()).isTrue();

        assertThat(parked.isDue(NOW + 29.5)).isFalse();
        assertThat(HamMerge.merge(second.merged(), parked.asNode(), NOW + 29.5).deferred()).hasSize(1);
        final NodeMerge retry = HamMerge.merge(second.merged(), parked.asNode(), NOW + 41);
        assertThat(retry.changed()).as("older than what is current now: dropped").isFalse();
        assertThat(retry.deferred()).isEmpty();
        assertThat(retry.merged().fields().get("x").value()).isEqualTo(GunValue.of("later"));
    }

    @Test
    void farFutureRetryDelayIsCappedAtGunsMaxDefer() {
        final GunNode far = GunNode.builder("a").put("x", NOW + 3e9, GunValue.of(1)).build();
        assertThat(HamMerge.merge(null, far, NOW).deferred().get(0).retryDelayMs()).isEqualTo(2147483647d);
    }

    @Test
    void tieBreakComparesJsonTextAsUtf16() {
        final double s = NOW - 1;
        // link > true > null > false > numbers > strings (first JSON chars '{' 't' 'n' 'f' digits '"')
        final List<GunValue> ascending = List.of(GunValue.of("zzz"), GunValue.of(9), GunValue.of(false),
                GunValue.NULL, GunValue.of(true), GunValue.link("a"));
        for (int i = 0; i + 1 < ascending.size(); i++) {
            final FieldState lower = FieldState.of(s, ascending.get(i));
            final FieldState higher = FieldState.of(s, ascending.get(i + 1));
            assertThat(HamMerge.decide(lower, higher, NOW)).isEqualTo(HamOutcome.INCOMING);
            assertThat(HamMerge.decide(higher, lower, NOW)).isEqualTo(HamOutcome.CURRENT);
        }
        // U+FFFD (one unit 0xFFFD) beats U+1F600 (surrogates 0xD83D 0xDE00): UTF-16, not code points
        assertThat(HamMerge.decide(FieldState.of(s, GunValue.of("\ud83d\ude00")), FieldState.of(s, GunValue.of("\ufffd")), NOW))
                .isEqualTo(HamOutcome.INCOMING);
        // -0 prints as 0: equal JSON keeps current
        assertThat(HamMerge.decide(FieldState.of(s, GunValue.of(0.0)), FieldState.of(s, GunValue.of(-0.0)), NOW))
                .isEqualTo(HamOutcome.CURRENT);
    }

    @Test
    void differentSoulsAreRefused() {
        final GunNode a = GunNode.builder("a").put("x", NOW, GunValue.NULL).build();
        final GunNode b = GunNode.builder("b").put("x", NOW, GunValue.NULL).build();
        assertThatThrownBy(() -> HamMerge.merge(a, b, NOW))
                .isInstanceOfSatisfying(InvalidGraphException.class,
                        e -> assertThat(e.rule()).isEqualTo(GraphRule.SOUL_MISMATCH))
                .hasMessageContaining("'b'").hasMessageContaining("'a'");
    }

    @Test
    void nanMachineStateIsRefused() {
        final GunNode a = GunNode.builder("a").put("x", NOW, GunValue.NULL).build();
        assertThatThrownBy(() -> HamMerge.merge(null, a, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
