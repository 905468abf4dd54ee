package io.gunstream.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link GunNode.Builder}: the single-copy path must check and order exactly as the copying constructor does. */
class GunNodeBuilderTest {

    private static final FieldState ONE = FieldState.of(1, GunValue.of(1));
    private static final FieldState TWO = FieldState.of(2, GunValue.of("two"));

    @ParameterizedTest
    @ValueSource(strings = {"", "_"})
    void aBadKeyFailsOnPutWithTheConstructorsRuleAndMessage(final String key) {
        final Map<String, FieldState> fields = new LinkedHashMap<>();
        fields.put(key, ONE);
        final InvalidGraphException expected = thrown(() -> new GunNode("devices/d1", fields));

        assertSameFailure(() -> GunNode.builder("devices/d1").put(key, ONE), expected);
        assertSameFailure(() -> GunNode.builder("devices/d1").put(key, 1, GunValue.of(1)), expected);
        assertSameFailure(() -> GunNode.builder("devices/d1").putNew(key, ONE), expected);
        assertThat(expected.rule()).isEqualTo(key.isEmpty() ? GraphRule.EMPTY_KEY : GraphRule.RESERVED_KEY);
    }

    @Test
    void aNullKeyOrStateFailsOnPutWithTheConstructorsRuleAndMessage() {
        final Map<String, FieldState> nullKey = new LinkedHashMap<>();
        nullKey.put(null, ONE);
        assertSameFailure(() -> GunNode.builder("a").put(null, ONE), thrown(() -> new GunNode("a", nullKey)));

        final Map<String, FieldState> nullState = new LinkedHashMap<>();
        nullState.put("k", null);
        final InvalidGraphException expected = thrown(() -> new GunNode("a", nullState));
        assertThat(expected.rule()).isEqualTo(GraphRule.MISSING_STATE);
        assertSameFailure(() -> GunNode.builder("a").put("k", null), expected);
        assertSameFailure(() -> GunNode.builder("a").putNew("k", null), expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "constructor", "link"})
    void aBadSoulFailsWhenTheBuilderStartsWithTheConstructorsRuleAndMessage(final String soul) {
        final InvalidGraphException expected = thrown(() -> new GunNode(soul, Map.of()));
        assertSameFailure(() -> GunNode.builder(soul), expected);
        assertSameFailure(() -> GunNode.builder(soul, 3), expected);
        assertSameFailure(() -> GunNode.empty(soul), expected);
    }

    @Test
    void aNullSoulIsRefusedOnEveryPath() {
        final Consumer<ThrowingCallable> emptySoul = call -> assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.rule()).isEqualTo(GraphRule.EMPTY_SOUL));
        emptySoul.accept(() -> GunNode.empty(null));
        emptySoul.accept(() -> GunNode.builder(null));
        emptySoul.accept(() -> new GunNode(null, GunNode.empty("a").fields()));
        emptySoul.accept(() -> new GunNode(null, GunNode.builder("a").put("k", ONE).build().fields()));
    }

    @Test
    void fieldsKeepInsertionOrderAndAReplacedKeyKeepsItsPlace() {
        final GunNode node = GunNode.builder("a").put("z", ONE).put("a", ONE).put("m", ONE).put("z", TWO).build();
        assertThat(node.fields().keySet()).containsExactly("z", "a", "m");
        assertThat(node.fields().get("z")).isEqualTo(TWO);

        final Map<String, FieldState> same = new LinkedHashMap<>();
        same.put("z", TWO);
        same.put("a", ONE);
        same.put("m", ONE);
        final GunNode copied = new GunNode("a", same);
        assertThat(node).isEqualTo(copied).hasSameHashCodeAs(copied).hasToString(copied.toString());
        assertThat(node.fields().toString()).isEqualTo(same.toString());
    }

    @Test
    void putNewReportsADuplicateAndKeepsTheFirstField() {
        final GunNode.Builder builder = GunNode.builder("a", 2);
        assertThat(builder.putNew("k", ONE)).isTrue();
        assertThat(builder.putNew("j", ONE)).isTrue();
        assertThat(builder.putNew("k", TWO)).isFalse();
        assertThat(builder.containsKey("k")).isTrue();
        assertThat(builder.containsKey("x")).isFalse();
        assertThat(builder.size()).isEqualTo(2);
        final GunNode node = builder.build();
        assertThat(node.fields().keySet()).containsExactly("k", "j");
        assertThat(node.fields().get("k")).isEqualTo(ONE);
    }

    @Test
    void aBuiltNodeDoesNotChangeWhenTheBuilderGoesOn() {
        final GunNode.Builder builder = GunNode.builder("a").put("k", ONE);
        final GunNode first = builder.build();
        builder.put("k", TWO).put("j", ONE);
        assertThat(builder.putNew("i", ONE)).isTrue();
        final GunNode second = builder.build();
        builder.putAll(GunNode.builder("b").put("h", TWO).build());

        assertThat(first.fields()).containsExactly(Map.entry("k", ONE));
        assertThat(second.fields()).containsExactly(Map.entry("k", TWO), Map.entry("j", ONE), Map.entry("i", ONE));
        assertThat(builder.build().fields().keySet()).containsExactly("k", "j", "i", "h");
    }

    @Test
    void toBuilderStartsFromTheNodesFieldsAndLeavesTheNodeAsItWas() {
        final GunNode node = GunNode.builder("a").put("x", ONE).put("y", ONE).build();
        final GunNode.Builder builder = node.toBuilder();
        assertThat(builder.build()).isEqualTo(node);

        final GunNode changed = builder.put("y", TWO).put("w", TWO)
                .putAll(GunNode.builder("a").put("x", TWO).put("v", ONE).build()).build();

        assertThat(changed.soul()).isEqualTo("a");
        assertThat(changed.fields()).containsExactly(Map.entry("x", TWO), Map.entry("y", TWO), Map.entry("w", TWO),
                Map.entry("v", ONE));
        assertThat(node.fields()).containsExactly(Map.entry("x", ONE), Map.entry("y", ONE));
        assertThat(GunNode.empty("e").toBuilder().put("k", ONE).build().fields()).containsOnlyKeys("k");
        assertThat(GunNode.empty("e").fields()).isEmpty();
    }

    static Stream<Consumer<Map<String, FieldState>>> mutators() {
        return Stream.of(
                m -> m.put("n", ONE),
                m -> m.remove("k"),
                m -> m.remove("k", ONE),
                m -> m.clear(),
                m -> m.putAll(Map.of("n", ONE)),
                m -> m.putIfAbsent("n", ONE),
                m -> m.replace("k", TWO),
                m -> m.replace("k", ONE, TWO),
                m -> m.replaceAll((k, v) -> TWO),
                m -> m.computeIfAbsent("k", k -> TWO),
                m -> m.computeIfPresent("k", (k, v) -> TWO),
                m -> m.compute("k", (k, v) -> TWO),
                m -> m.merge("k", TWO, (a, b) -> b),
                m -> m.entrySet().iterator().next().setValue(TWO),
                m -> m.entrySet().clear(),
                m -> m.keySet().remove("k"),
                m -> m.values().clear(),
                m -> {
                    final var it = m.keySet().iterator();
                    it.next();
                    it.remove();
                });
    }

    @ParameterizedTest
    @MethodSource("mutators")
    void fieldsRefuseEveryChangeWhateverPathBuiltThem(final Consumer<Map<String, FieldState>> mutator) {
        final Map<String, FieldState> source = new LinkedHashMap<>(Map.of("k", ONE));
        for (final GunNode node : new GunNode[] {GunNode.builder("a").put("k", ONE).build(), new GunNode("a", source),
                GunNode.builder("a").put("j", ONE).build().toBuilder().put("k", ONE).build()}) {
            final Map<String, FieldState> before = Map.copyOf(node.fields());
            assertThatThrownBy(() -> mutator.accept(node.fields())).isInstanceOf(UnsupportedOperationException.class);
            assertThat(node.fields()).isEqualTo(before);
        }
    }

    @Test
    void theConstructorStillCopiesAForeignMapAndReusesANodesFields() {
        final Map<String, FieldState> source = new LinkedHashMap<>();
        source.put("k", ONE);
        final GunNode node = new GunNode("a", source);
        source.put("j", TWO);
        source.put("k", TWO);
        assertThat(node.fields()).containsExactly(Map.entry("k", ONE));

        final GunNode renamed = new GunNode("b", node.fields());
        assertThat(renamed.fields()).isSameAs(node.fields());
        assertThat(renamed.soul()).isEqualTo("b");
        assertSameFailure(() -> new GunNode("constructor", node.fields()), thrown(() -> GunNode.empty("constructor")));
    }

    /** Every JS prototype member is refused, also after the cheap pre-check that skips the set for ordinary souls. */
    @Test
    void everyJsPrototypeMemberIsRefusedAndNearMissesAreAccepted() {
        for (final String member : Souls.JS_PROTOTYPE_MEMBERS) {
            assertThatThrownBy(() -> Souls.requireValidSoul(member)).isInstanceOfSatisfying(InvalidGraphException.class,
                    e -> assertThat(e.rule()).isEqualTo(GraphRule.SOUL_SHADOWS_JS_BUILTIN));
            for (final String nearMiss : new String[] {member + "/x", member + "1", "x" + member, member + "\u00e9",
                    member.toUpperCase(java.util.Locale.ROOT)}) {
                assertThat(Souls.requireValidSoul(nearMiss)).isEqualTo(nearMiss);
            }
        }
        assertThat(Souls.requireValidSoul("devices/d1")).isEqualTo("devices/d1");
        assertThat(Souls.requireValidSoul("propertyIsEnumerablee")).isEqualTo("propertyIsEnumerablee");
    }

    private static InvalidGraphException thrown(final ThrowingCallable call) {
        try {
            call.call();
        } catch (final InvalidGraphException e) {
            return e;
        } catch (final Throwable e) {
            throw new AssertionError("expected InvalidGraphException, got " + e, e);
        }
        throw new AssertionError("expected InvalidGraphException, nothing thrown");
    }

    private static void assertSameFailure(final ThrowingCallable call, final InvalidGraphException expected) {
        final InvalidGraphException actual = thrown(call);
        assertThat(actual.rule()).isEqualTo(expected.rule());
        assertThat(actual.soul()).isEqualTo(expected.soul());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual).hasMessage(expected.getMessage());
    }
}
