package io.gunstream.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graph rules where gunstream is stricter than gun.js because gun.js crashes or loses data. */
class GraphRulesTest {

    /** gun.js resolves {@code (root.next||'')[soul]} on a string: these souls crash or misroute its map(). */
    @ParameterizedTest
    @ValueSource(strings = {"link", "big", "length", "constructor", "toString", "__proto__", "hasOwnProperty"})
    void soulNamedLikeAJavaScriptPrototypeMemberIsRejected(final String soul) {
        assertThatThrownBy(() -> GunNode.empty(soul))
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> {
                    assertThat(e.rule()).isEqualTo(GraphRule.SOUL_SHADOWS_JS_BUILTIN);
                    assertThat(e.soul()).contains(soul);
                })
                .hasMessageContaining("'" + soul + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"links", "users/link", "Big", "a"})
    void similarSoulsAreAccepted(final String soul) {
        assertThat(GunNode.empty(soul).soul()).isEqualTo(soul);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_"})
    void emptyAndMetaKeysAreRejected(final String key) {
        assertThatThrownBy(() -> GunNode.builder("a").put(key, 1, GunValue.NULL).build())
                .isInstanceOfSatisfying(InvalidGraphException.class, e -> assertThat(e.rule())
                        .isEqualTo(key.isEmpty() ? GraphRule.EMPTY_KEY : GraphRule.RESERVED_KEY));
    }
}
